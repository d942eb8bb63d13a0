// A worker started by boot.js: makes the formatters util.js uses once, so that the locale's
// data is loaded (a page's first Intl formatter is slow: the locale's data is read then, once
// for the whole page) while the page is busy with other things; the page's own formatters are
// then quick to make. Closes itself when done.
onmessage = (e) => {
  const l = e.data === 'en' ? 'en' : 'zh-CN';
  try {
    const d = new Date();
    new Intl.DateTimeFormat(l, { timeZone: 'UTC', hour: '2-digit', minute: '2-digit', hour12: false, year: 'numeric', month: 'short', day: 'numeric' }).format(d);
    new Intl.DateTimeFormat(l, { timeZone: 'UTC', hour: '2-digit', minute: '2-digit', hour12: false }).format(d);
    new Intl.NumberFormat(l).format(1);
    new Intl.ListFormat(l, { style: 'short', type: 'conjunction' }).format(['a', 'b']);
  } catch { /* nothing to warm */ }
  close();
};
