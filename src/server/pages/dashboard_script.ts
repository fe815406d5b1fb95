/**
 * The dashboard's only script: it listens to the server-sent events of `/dashboard/events` and swaps in
 * each section the server re-rendered, so the page stays live without reloading. Without JavaScript the
 * page reloads itself instead (a `<noscript>` refresh); without EventSource it keeps doing that.
 *
 * @module
 */

/** The script, inlined into the page. */
export const DASHBOARD_SCRIPT = `
(() => {
  const live = document.getElementById("live");
  if (!live || !("EventSource" in window)) return;
  // Scripting is on: the <noscript> refresh never applies, the events take over.
  let source = null;
  const connect = () => {
    source = new EventSource(live.dataset.events);
    source.addEventListener("sections", (event) => {
      const update = JSON.parse(event.data);
      for (const [id, html] of Object.entries(update.sections)) {
        const section = document.getElementById(id);
        if (section) section.outerHTML = html;
      }
      document.title = update.title;
      const icon = document.getElementById("favicon");
      if (icon) icon.href = update.icon;
      live.dataset.state = "live";
      live.textContent = "Live · updated " + update.time;
    });
    source.addEventListener("open", () => {
      live.dataset.state = "live";
      live.textContent = "Live";
    });
    source.addEventListener("error", () => {
      live.dataset.state = "offline";
      live.textContent = "Reconnecting…";
      if (source.readyState === EventSource.CLOSED) setTimeout(connect, 5000);
    });
  };
  connect();
})();
`;
