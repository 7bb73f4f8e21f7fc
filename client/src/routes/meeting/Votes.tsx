import { useMeetingsText } from "../../components/meeting/i18n.ts";

/** The meeting's "votes" section (placeholder until its issue lands). */
export default function MeetingVotes() {
  const { t } = useMeetingsText();
  return (
    <section aria-labelledby="section-heading">
      <h1 id="section-heading">{t("tabs.votes")}</h1>
    </section>
  );
}
