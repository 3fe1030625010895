import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export interface PanelPage {
  /** The bundle's base name in dist/: `webview` for webview.js and webview.css. */
  bundle: string;
  title: string;
  /** What the page says before its first message. */
  empty: string;
}

/** A panel's page: its bundled script and stylesheet under a strict CSP with a fresh nonce. */
export function panelHtml(webview: vscode.Webview, distUri: vscode.Uri, page: PanelPage): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(distUri, `${page.bundle}.js`));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(distUri, `${page.bundle}.css`));
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>${page.title}</title>
</head>
<body>
<main id="app" aria-live="polite"><p class="empty">${page.empty}</p></main>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}
