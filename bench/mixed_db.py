"""The database side of the mixed scenario: what the run stored, and removing it afterwards.

Run by bench/run.py with the server's environment (same settings, same DATABASE_URL):

    python -m bench.mixed_db before            -> the highest ids and the time before the run
    python -m bench.mixed_db after RUN BEFORE  -> what the run left in the database
    python -m bench.mixed_db clean RUN BEFORE  -> deletes the run's messages, mails and tasks

Every command prints one line of JSON. A run's messages are told apart by their subject,
"Bench <run id> <thread>-<number>", which is unique per form sent.
"""

import json
import sys


def main() -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.db.models import Max
    from django.utils import timezone
    from django.utils.dateparse import parse_datetime

    from mia.contact.models import Message
    from mia.outbox.models import OutboxMessage

    command, *args = sys.argv[1:]
    if command == "before":
        result = {
            "message_id": Message.objects.aggregate(m=Max("id"))["m"] or 0,
            "outbox_id": OutboxMessage.objects.aggregate(m=Max("id"))["m"] or 0,
            "time": timezone.now().isoformat(),
            "form_min_seconds": settings.MIA_FORM_MIN_SECONDS,
            "form_rate": settings.MIA_FORM_RATE,
            "email_backend": settings.EMAIL_BACKEND,
            "tasks_backend": settings.TASKS["default"]["BACKEND"],
        }
        print(json.dumps(result))
        return

    run_id, before = args[0], json.loads(args[1])
    messages = Message.objects.filter(subject__startswith=f"Bench {run_id} ")
    mails = OutboxMessage.objects.filter(id__gt=before["outbox_id"], purpose="contact.contact")
    tasks = None
    if settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend":
        from django_tasks_db.models import DBTaskResult

        tasks = DBTaskResult.objects.filter(
            enqueued_at__gte=parse_datetime(before["time"]),
            task_path="mia.outbox.tasks.deliver_mail",
        )
    if command == "after":
        result = {
            "stored": messages.count(),
            "distinct": messages.values("subject").distinct().count(),
            "new_messages": Message.objects.filter(id__gt=before["message_id"]).count(),
            "mails_queued": mails.count(),
            "tasks_queued": tasks.count() if tasks is not None else None,
        }
    elif command == "clean":
        result = {"deleted_messages": messages.delete()[0], "deleted_mails": mails.delete()[0]}
        if tasks is not None:
            result["deleted_tasks"] = tasks.delete()[0]
    else:
        raise SystemExit(f"unknown command {command!r}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
