import { useMeetingsText } from "../../components/meeting/i18n.ts";

/** The meeting's "conclusion" section (placeholder until its issue lands). */
export default function MeetingConclusion() {
  const { t } = useMeetingsText();
  return (
    <section aria-labelledby="section-heading">
      <h1 id="section-heading">{t("tabs.conclusion")}</h1>
    </section>
  );
}
