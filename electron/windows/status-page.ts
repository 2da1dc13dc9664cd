/**
 * A self-contained page shown in a wall window when there is nothing better to show (the
 * demo server did not start, or keeps crashing): a dark wall with a readable message beats
 * a black or frozen one. Loaded as a data: URL; its own CSP forbids everything but inline style.
 */
import { WALL_BACKGROUND } from './web-preferences';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function statusPageHtml({ title, detail, lang }: { title: string; detail: string; lang: 'zh' | 'en' }): string {
  const hint =
    lang === 'zh'
      ? '系统将自动重试。详细信息见日志文件 main.log。'
      : 'The application keeps retrying by itself. Details are in the log file main.log.';
  return `<!doctype html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title>
<style>html,body{margin:0;height:100%;background:${WALL_BACKGROUND};color:#e6edf7;font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif}
main{display:flex;flex-direction:column;justify-content:center;align-items:center;height:100%;gap:1.5rem;text-align:center;padding:0 10vw;box-sizing:border-box}
h1{font-size:3rem;margin:0;color:#f5b942}p{font-size:1.6rem;margin:0;opacity:.85}</style></head>
<body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(detail)}</p><p>${escapeHtml(hint)}</p></main></body></html>`;
}

export function statusPageUrl(args: { title: string; detail: string; lang: 'zh' | 'en' }): string {
  return `data:text/html;charset=utf-8,${encodeURIComponent(statusPageHtml(args))}`;
}

export function demoServerProblemPage(detail: string, lang: 'zh' | 'en'): string {
  const title = lang === 'zh' ? '演示数据服务未能运行' : 'The demo data server is not running';
  return statusPageUrl({ title, detail, lang });
}
