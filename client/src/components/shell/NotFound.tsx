import { A } from "@solidjs/router";
import type { JSX } from "solid-js";
import { useI18n } from "../../i18n/index.ts";

/** Shown for any address the router does not know. */
export default function NotFound(): JSX.Element {
  const { t } = useI18n();
  return (
    <section class="not-found" aria-labelledby="not-found-title">
      <h1 id="not-found-title">{t("notFound.title")}</h1>
      <p>{t("notFound.body")}</p>
      <A href="/" class="button">
        {t("notFound.back")}
      </A>
    </section>
  );
}
