// index.html's first script (a file, not inline: the CSP allows scripts from 'self' only; async, so it
// never holds the first paint back). It picks the visitor's language as the app will (the switcher's
// stored choice, else the first of the browser's languages that Entrada speaks, else English), shows
// the shell's loading line in it, and starts fetching that language's translations (only those: the
// app fetches English, the fallback, on a missing key alone) while the app's own script is still on its
// way. The build (build/shellScript.ts) fills in the translation chunks' names.
(() => {
  const translations = /* translations */ {};
  const spoken = ["en", "zh", "es"];
  const base = (tag) =>
    String(tag || "")
      .toLowerCase()
      .split(/[-_]/)[0];
  let stored = null;
  try {
    stored = window.localStorage.getItem("entrada.language");
  } catch {
    // Storage refused (a private window's setting): the browser's languages decide.
  }
  const candidates = [stored, ...(navigator.languages || []), navigator.language].map(base);
  const language = candidates.find((code) => spoken.includes(code)) || "en";
  document.documentElement.setAttribute("data-shell-language", language);
  // The home page's form as the server wrote it, sent before the app has taken it over: the app must
  // not start on this page then (its router's first history entry would cancel the form's navigation).
  document.addEventListener(
    "submit",
    (event) => {
      if (event.target instanceof HTMLFormElement && event.target.hasAttribute("data-server-form")) {
        document.documentElement.setAttribute("data-form-sent", "");
      }
    },
    true,
  );
  for (const file of translations[language] || []) {
    const link = document.createElement("link");
    link.rel = "modulepreload";
    link.href = file;
    document.head.appendChild(link);
  }
})();
