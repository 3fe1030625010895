// The report types live in the shared layer (shared/report.ts), which the extension, webview and CLI all import.
export * from '../../shared/report';
