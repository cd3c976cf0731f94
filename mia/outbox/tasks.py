from django_tasks import task

from . import services


@task()
def deliver_mail(message_id: int) -> bool:
    return services.deliver(message_id)


@task()
def deliver_due_mail() -> list[int]:
    return list(services.deliver_due())
