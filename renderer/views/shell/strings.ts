/** Strings of the top bar and the wall health panel (zh-CN and English); merged into renderer/i18n. */
export const shellZh = {
  'conn.downSince': '连接中断 自 {t}',
  'conn.dataAge': '数据 {n} 秒前',
  'conn.dataAgeMin': '数据 {n} 分钟前',
  'conn.waiting': '等待数据…',
  'health.title': '整机状态',
  'health.thisWindow': '本窗口',
  'health.ok': '正常',
  'health.silent': '无报告 自 {t}',
  'health.stale': '数据停滞 自 {t}',
  'health.disconnected': '连接中断 自 {t}',
  'health.failing': '故障',
  'health.more': '另有 {n} 项',
  'health.keys': 'Ctrl+Shift+H 显示/隐藏',
  'health.rejected': '无效状态报文 {n} 条',
} as const;

export const shellEn: Record<keyof typeof shellZh, string> = {
  'conn.downSince': 'Link down since {t}',
  'conn.dataAge': 'data {n} s ago',
  'conn.dataAgeMin': 'data {n} min ago',
  'conn.waiting': 'waiting for data…',
  'health.title': 'PC health',
  'health.thisWindow': 'this window',
  'health.ok': 'OK',
  'health.silent': 'no report since {t}',
  'health.stale': 'stale since {t}',
  'health.disconnected': 'link down since {t}',
  'health.failing': 'failing',
  'health.more': '{n} more',
  'health.keys': 'Ctrl+Shift+H show/hide',
  'health.rejected': '{n} invalid health messages',
};
