/**
 * The page shown when the kiosk keeps crashing. A data: URL with no script at all, so it works when
 * the app's own files are the problem; it is not the app origin, so it can never call the bridge.
 */
export function renderCrashPage(retryInMs: number): string {
  const seconds = Math.max(1, Math.ceil(retryInMs / 1000));
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>村务公开自助终端</title>
<style>
  html, body { height: 100%; margin: 0; }
  body { display: flex; align-items: center; justify-content: center; background: #ffffff; color: #111418;
         font: 24px/1.6 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif; text-align: center; }
  main { max-width: 40em; padding: 2em; border: 4px solid #a61b1b; border-radius: 0.6em; }
  h1 { font-size: 1.6em; margin: 0 0 0.5em; color: #a61b1b; }
  p { margin: 0.5em 0; }
  .en { color: #3d4450; font-size: 0.8em; }
</style>
</head>
<body>
<main role="alert">
  <h1>终端暂时无法使用</h1>
  <p>程序多次意外退出，将在约 ${seconds} 秒后自动重试。</p>
  <p>如需办理业务，请联系村代办员。</p>
  <p class="en">The kiosk stopped unexpectedly several times. It will try again in about ${seconds} s.
  Please ask the village agent for help.</p>
</main>
</body>
</html>`;
}

export function crashPageUrl(retryInMs: number): string {
  return `data:text/html;charset=utf-8,${encodeURIComponent(renderCrashPage(retryInMs))}`;
}
