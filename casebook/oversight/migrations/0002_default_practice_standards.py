from django.db import migrations

DEFAULTS = [
    ("Child focus and voice", "The child's lived experience, wishes and feelings are clear and shape the work"),
    ("Direct work", "Purposeful direct work with the child is recorded and its impact understood"),
    ("Quality of assessment", "Analysis of risk and need is clear, current and evidenced"),
    ("Purposeful plans", "Plans are SMART, reviewed on time and make a difference for the child"),
    ("Use of family network", "The family network is identified early and involved in the plan"),
    ("Management oversight", "Oversight and supervision are recorded, reflective and give clear direction"),
    ("Recording", "Records are up to date, accurate and written for the child to read"),
]


def add_defaults(apps, schema_editor):
    PracticeStandard = apps.get_model("oversight", "PracticeStandard")
    for order, (name, description) in enumerate(DEFAULTS, start=1):
        PracticeStandard.objects.get_or_create(name=name, defaults={"description": description, "order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("oversight", "0001_initial")]
    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
