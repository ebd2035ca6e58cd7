from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "casebook.assessments"
    label = "assessments"
