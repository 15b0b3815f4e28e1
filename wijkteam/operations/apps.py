from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "wijkteam.operations"
    verbose_name = "Operations"

    def ready(self) -> None:
        from wijkteam.operations.tasks_backend import connect_task_receivers

        connect_task_receivers()
