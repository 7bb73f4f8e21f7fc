import { useMeetingsText } from "../../components/meeting/i18n.ts";

/** The meeting's "run" section (placeholder until its issue lands). */
export default function MeetingRun() {
  const { t } = useMeetingsText();
  return (
    <section aria-labelledby="section-heading">
      <h1 id="section-heading">{t("tabs.run")}</h1>
    </section>
  );
}
