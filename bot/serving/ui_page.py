"""The page around the Gradio app: its style, the script in its <head> (Vietnamese page, [n] opens its source,
a list answer's link opens the task tab, Gradio's last English said in Vietnamese) and the script run
after an answer. Kept apart from bot/serving/ui.py, which wires the components."""
from __future__ import annotations

import json

CSS = ".cite{font-weight:600;text-decoration:none} .source table th{text-align:left;padding-right:8px;" \
      "vertical-align:top} .not-found{color:#8a4b00} .sources details{margin-bottom:6px} footer{display:none!important}" \
      " #t-table *,#p-table *{font-family:inherit} .sources .turn h4{margin:8px 0 4px} .source.flash{outline:2px solid #f0b429} .source mark{background:#fff1b8}" \
      " .t-card{border:1px solid #ddd;border-radius:8px;padding:8px;margin:6px 0} .t-card summary{cursor:pointer}" \
      " .t-card table th,.t-source table th{text-align:left;padding-right:8px;vertical-align:top}" \
      " #t-table tbody tr,#p-table .body-cell{cursor:pointer} .rr-warnings{background:#fff4e0;border-left:4px solid #f0b429;" \
      "padding:6px 10px;margin:6px 0} .read-report table th{text-align:left;padding-right:8px;vertical-align:top}" \
      " .planbot-hidden{display:none!important} .task-link{font-weight:600}" \
      " @media (max-width:700px){#t-table{display:none!important}} @media (min-width:701px){#t-cards{display:none!important}}"
# The page is Vietnamese (for readers and screen readers). A click on [n] opens that answer's source in
# the panel and scrolls to it, on a phone too (the panel is then below the chat); the link's own jump
# would only change the address, since the source is a closed <details>.
HEAD = r"""<script>
document.documentElement.lang = "vi";
document.addEventListener("click", (event) => {
  const link = event.target.closest && event.target.closest("a.cite");
  if (!link) return;
  const target = document.getElementById((link.getAttribute("href") || "").slice(1));
  if (!target) return;
  event.preventDefault();
  event.stopPropagation();
  for (let box = target; box; box = box.parentElement && box.parentElement.closest("details")) box.open = true;
  window.planbotCitedAt = performance.now();  // the answer's own scroll (SHOW_ANSWER_START) then stays put
  target.scrollIntoView({block: "center"});
  setTimeout(() => target.scrollIntoView({block: "center"}), 250);  // again once the opened source has its height
  target.classList.add("flash");
  setTimeout(() => target.classList.remove("flash"), 1500);
}, true);
// A list answer's '… và N nhiệm vụ khác' link (bot/serving/views.py, a.task-link): the whole list opens in the
// 'Tra cứu nhiệm vụ' tab of this page, the conversation kept. Its query string goes to the hidden box
// #t-link, whose input event makes the server switch the tab and set the filters (bot/serving/ui.py apply_link);
// opened outside the chat (a new tab, an API client's URL), the page reads the same query on load.
document.addEventListener("click", (event) => {
  const link = event.target.closest && event.target.closest("a.task-link");
  const box = document.querySelector("#t-link textarea, #t-link input");
  if (!link || !box) return;
  event.preventDefault();
  event.stopPropagation();
  box.value = (link.getAttribute("href") || "").replace(/^[^?]*\?/, "") + "&at=" + Date.now();
  box.dispatchEvent(new Event("input", {bubbles: true}));
}, true);
// Gradio's few strings that its translation table does not reach, said in Vietnamese (ENGLISH_LEFT).
const PLANBOT_VI = PLANBOT_VI_TABLE;
const planbotSay = (root) => {
  const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walk.nextNode(); node; node = walk.nextNode()) {
    const said = PLANBOT_VI[node.nodeValue.trim()];
    if (said !== undefined) node.nodeValue = node.nodeValue.replace(node.nodeValue.trim(), said);
    else if (/^\s*queue:/.test(node.nodeValue)) node.nodeValue = node.nodeValue.replace("queue:", "hàng đợi:");
  }
  root.querySelectorAll && root.querySelectorAll("[aria-label],[title]").forEach((el) => {
    for (const name of ["aria-label", "title"]) {
      const said = PLANBOT_VI[el.getAttribute(name)];
      if (said !== undefined) el.setAttribute(name, said);
    }
  });
};
// Each change on its own: a text node already detached (parentNode null) threw, and the throw skipped
// every later change of the same batch, so a "processing |" inserted with it stayed English (CI, stop 25).
new MutationObserver((changes) => changes.forEach((c) => {
  const root = c.target.nodeType === 3 ? c.target.parentNode : c.target;
  if (!root) return;
  try { planbotSay(root); } catch (err) { /* a node Svelte replaced meanwhile: the next change covers it */ }
}))
  .observe(document.documentElement, {subtree: true, childList: true, characterData: true, attributes: true,
                                      attributeFilter: ["aria-label", "title"]});
</script>"""
# English that Gradio 6.31 writes without asking its translation table (found by the tester in a real
# browser); each is replaced where it appears, in text and in button labels.
ENGLISH_LEFT = {"processing |": "đang xử lý |",  # the status over a component while an event runs
                "Scroll down": "Cuộn xuống",  # the chat's jump-to-end button
                "Copy conversation": "Sao chép cuộc hội thoại", "Copied conversation": "Đã sao chép",
                "Info": "Thông báo", "Warning": "Lưu ý", "Error": "Lỗi",  # toast titles
                "Close": "Đóng", "Loading...": "Đang tải…",
                "Loading": "Đang tải",  # a status label Gradio picks by the browser's language, before its table
                "Loading response": "Đang soạn câu trả lời", "Loading content": "Đang tải nội dung",  # screen readers
                "Loading failed": "Không tải được", "Feedback": "Ý kiến"}
HEAD = HEAD.replace("PLANBOT_VI_TABLE", json.dumps(ENGLISH_LEFT, ensure_ascii=False))
# After an answer: one whose start is out of sight is shown from its start ('Có 4 kế hoạch …'), not from
# its end (the chat's own autoscroll is off, it showed the end); on a phone the page scrolls too.
# A citation clicked meanwhile wins: its source stays in view (a phone's page was scrolled back to the
# answer when [n] was clicked within the delay: the browser test at 400 px, CI 2026-12-07).
SHOW_ANSWER_START = """() => { const asked = performance.now(); setTimeout(() => {
  if ((window.planbotCitedAt || 0) > asked) return;
  const bots = document.querySelectorAll('#chat [data-testid="bot"]');
  const last = bots[bots.length - 1];
  let box = last && last.parentElement;
  while (box && !(box.scrollHeight > box.clientHeight && /(auto|scroll)/.test(getComputedStyle(box).overflowY))) {
    box = box.parentElement;
  }
  if (!last) return;
  const r = last.getBoundingClientRect(), view = box ? box.getBoundingClientRect() : {top: 0, bottom: 1e9};
  const cut = (lo, hi) => r.top < lo - 1 || r.bottom > hi + 1;  // its start or its end out of sight
  if (cut(view.top, view.bottom) || cut(0, window.innerHeight)) last.scrollIntoView({block: "start"});
}, 150); }"""
