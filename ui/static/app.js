// Loaded into the page head (launch(head=...)).
// Copy buttons inside rendered HTML: one delegated listener for the whole page.
document.addEventListener('click', function (e) {
  const b = e.target.closest && e.target.closest('button.copy-cite');
  if (!b) return;
  const text = b.dataset.label || '';
  const done = () => { b.textContent = 'Đã chép'; setTimeout(() => { b.textContent = 'Chép trích dẫn'; }, 1500); };
  if (navigator.clipboard && window.isSecureContext) { navigator.clipboard.writeText(text).then(done); return; }
  const t = document.createElement('textarea'); t.value = text; document.body.appendChild(t);
  t.select(); document.execCommand('copy'); t.remove(); done();
});
// Gradio ships no Vietnamese locale: translate the few built-in strings this app shows.
const VI = {'Drop File Here': 'Thả tệp vào đây', 'Click to Upload': 'Bấm để chọn tệp', '- or -': '- hoặc -',
  'Error': 'Lỗi', 'Login': 'Đăng nhập', 'username': 'Tên đăng nhập', 'password': 'Mật khẩu', 'Loading...': 'Đang tải…', 'Copy': 'Chép', 'Copied!': 'Đã chép', 'Clear': 'Xóa',
  // Labels read by screen readers and shown as tooltips (translated in attributes too, below).
  'Textbox': 'Ô nhập', 'Radio': 'Lựa chọn', 'common.complete': 'Xong', 'chatbot conversation': 'Cuộc hỏi đáp',
  'Reset to default value': 'Đặt lại giá trị mặc định', 'Empty value': 'Chưa chọn', 'File upload': 'Tải tệp lên',
  'Click to upload or drop files': 'Bấm để chọn tệp hoặc kéo thả vào đây', 'Copy message': 'Chép câu trả lời',
  'Copied message': 'Đã chép câu trả lời', 'Remove': 'Bỏ', 'Remove All': 'Bỏ tất cả', 'Download': 'Tải về',
  'Upload': 'Tải lên', 'Close': 'Đóng', 'Share': 'Chia sẻ', 'Undo': 'Hoàn tác', 'Retry': 'Thử lại',
  // The progress and message boxes.
  'processing |': 'đang xử lý |', 'processing': 'đang xử lý', 'An error occurred.': 'Đã xảy ra lỗi.',
  'Warning.': 'Cảnh báo.', 'Warning': 'Cảnh báo', 'Info.': 'Thông báo.', 'Info': 'Thông báo', 'Success.': 'Thành công.',
  'Loading': 'Đang tải'};
const VI_ATTRS = ['aria-label', 'title', 'placeholder'];
function viAttrs(el) {
  for (const a of VI_ATTRS) { const v = el.getAttribute && el.getAttribute(a); if (v && VI[v.trim()]) el.setAttribute(a, VI[v.trim()]); }
}
function viText(root) {
  const w = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = w.nextNode(); n; n = w.nextNode()) {
    const k = n.nodeValue.trim(); if (VI[k]) n.nodeValue = n.nodeValue.replace(k, VI[k]);
  }
  viAttrs(root); root.querySelectorAll && root.querySelectorAll('[aria-label],[title],[placeholder]').forEach(viAttrs);
}
new MutationObserver((ms) => ms.forEach((m) => {
  if (m.type === 'attributes') { viAttrs(m.target); return; }
  if (m.type === 'characterData') { const k = m.target.nodeValue.trim(); if (VI[k]) m.target.nodeValue = VI[k]; return; }
  m.addedNodes.forEach((n) => { if (n.nodeType === 1) viText(n);
    else if (n.nodeType === 3 && VI[n.nodeValue.trim()]) n.nodeValue = VI[n.nodeValue.trim()]; });
})).observe(document.documentElement, {childList: true, subtree: true, characterData: true, attributes: true,
  attributeFilter: VI_ATTRS});
document.addEventListener('DOMContentLoaded', () => viText(document.body));
