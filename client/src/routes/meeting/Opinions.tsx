import { useMeetingsText } from "../../components/meeting/i18n.ts";

/** The meeting's "opinions" section (placeholder until its issue lands). */
export default function MeetingOpinions() {
  const { t } = useMeetingsText();
  return (
    <section aria-labelledby="section-heading">
      <h1 id="section-heading">{t("tabs.opinions")}</h1>
    </section>
  );
}
