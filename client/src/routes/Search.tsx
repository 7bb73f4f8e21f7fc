import { useSearchParams } from "@solidjs/router";
import type { JSX } from "solid-js";
import { PaperSearch } from "../components/search/PaperSearch.tsx";
import { useI18n } from "../i18n/index.ts";
import { createPaperScope } from "../search/scope.ts";
import { useMeetings } from "../state/meetings.ts";

/**
 * "/search": finds a phrase in the papers of every meeting on this device, offline. Results name the
 * meeting, the file and the page, and open the viewer there. `?q=` keeps the query (back button,
 * shared links).
 */
export default function SearchPage(): JSX.Element {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams<{ q?: string }>();
  const { meetings } = useMeetings();
  const scope = createPaperScope(meetings);
  return (
    <section class="search-page" aria-labelledby="search-heading">
      <h1 id="search-heading">{t("searchPage.title")}</h1>
      <p>{t("searchPage.intro")}</p>
      <PaperSearch
        scope={scope}
        label={t("paperSearch.allLabel")}
        showMeeting
        initialQuery={params.q ?? ""}
        onQueryChange={(q) => setParams({ q: q || undefined }, { replace: true })}
      />
    </section>
  );
}
