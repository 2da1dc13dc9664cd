/** Strings of the drainage view (zh-CN and English); merged into the one table in renderer/i18n. */
export const drainageZh = {
  'drain.normal': '正常',
  'drain.warning': '预警',
  'drain.alarm': '告警',
  'drain.late': '迟报',
  'drain.level': '水位',
  'drain.warnLine': '预警线',
  'drain.alarmLine': '告警线',
  'drain.battery': '电量',
  'drain.signal': '信号',
  'drain.flow': '流量',
  'drain.catchment': '汇水区',
  'drain.reported': '{n} 秒前上报',
  'drain.reportedMin': '{n} 分钟前上报',
} as const;

export const drainageEn: Record<keyof typeof drainageZh, string> = {
  'drain.normal': 'Normal',
  'drain.warning': 'Warning',
  'drain.alarm': 'Alarm',
  'drain.late': 'Late',
  'drain.level': 'Level',
  'drain.warnLine': 'Warn line',
  'drain.alarmLine': 'Alarm line',
  'drain.battery': 'Battery',
  'drain.signal': 'Signal',
  'drain.flow': 'Flow',
  'drain.catchment': 'Catchment',
  'drain.reported': 'reported {n} s ago',
  'drain.reportedMin': 'reported {n} min ago',
};
