import datetime

import factory

from casebook.children.models import Child
from casebook.children.services import allocation_set, new_casebook_id


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    casebook_id = factory.LazyFunction(new_casebook_id)
    first_names = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = factory.Faker("date_between", start_date=datetime.date(2010, 1, 1), end_date=datetime.date(2024, 1, 1))
    sex = "F"
    ethnicity = "WBRI"


def allocate(child, worker, *, team=None, by=None):
    """Allocate `child` to `worker` (and the worker's team) through the real service."""
    return allocation_set(child=child, team=team or worker.team, worker=worker, acting_user=by or worker)
