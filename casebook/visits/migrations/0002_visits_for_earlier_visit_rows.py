"""One Visit for each CP, CIN and looked-after visit recorded before the visits app, so the
visits app's record alone holds every visit (the chronology reads only it)."""

from django.db import migrations

from casebook.visits.backfill import link_unrecorded_visits


def forwards(apps, schema_editor):
    link_unrecorded_visits(apps.get_model)


class Migration(migrations.Migration):

    dependencies = [
        ("visits", "0001_initial"),
        ("child_protection", "0001_initial"),
        ("children_in_need", "0001_initial"),
        ("looked_after", "0001_initial"),
    ]

    # Going back leaves the Visit rows: they are the record of those visits now.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
