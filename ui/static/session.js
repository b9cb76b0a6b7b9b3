// Loaded into the page head when the app has logins (ui/app.py launch_options).
// A request refused with 401 means the session ended on the server — logged out in another
// tab, or expired: show the login page again instead of a bare error.
(function () {
  const LOGIN = '/dang-nhap?ly-do=het-han';
  const toLogin = () => { if (!location.pathname.startsWith('/dang-nhap')) location.replace(LOGIN); };
  const plainFetch = window.fetch.bind(window);
  window.fetch = async function (...args) {
    const response = await plainFetch(...args);
    if (response.status === 401) toLogin();
    return response;
  };
})();
// "Đăng xuất" is a Markdown link, which Gradio opens in a new tab: log out in this one.
document.addEventListener('click', function (e) {
  const link = e.target.closest && e.target.closest('a[href$="/logout"], a[href$="/dang-xuat"]');
  if (!link) return;
  e.preventDefault();
  location.assign('/dang-xuat');
}, true);
