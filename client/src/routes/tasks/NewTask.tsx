import { useNavigate } from "@solidjs/router";
import { TaskForm } from "../../components/tasks/TaskForm.tsx";
import { useI18n } from "../../i18n/index.ts";
import "../../components/tasks/tasks.css";

/** "Giao việc" from anywhere (an instant task, outside any meeting): the form, then the new task's page. */
export default function NewTask() {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <section aria-labelledby="new-task-heading">
      <header class="page-header">
        <h1 id="new-task-heading">{t("task.formTitle")}</h1>
      </header>
      <TaskForm onCreated={(id) => navigate(`/tasks/${id}`)} onCancel={() => history.back()} />
    </section>
  );
}
