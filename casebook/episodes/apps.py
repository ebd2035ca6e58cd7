from django.apps import AppConfig


class EpisodesConfig(AppConfig):
    name = "casebook.episodes"
    label = "episodes"
    verbose_name = "Episodes of need and referrals"

    def ready(self):
        from casebook.episodes import chronology  # noqa: F401
