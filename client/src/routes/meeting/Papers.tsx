import { useMeetingsText } from "../../components/meeting/i18n.ts";

/** The meeting's "papers" section (placeholder until its issue lands). */
export default function MeetingPapers() {
  const { t } = useMeetingsText();
  return (
    <section aria-labelledby="section-heading">
      <h1 id="section-heading">{t("tabs.papers")}</h1>
    </section>
  );
}
