"""Staff: users (who sign in by email), teams and the service areas that group them."""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone


class Role(models.TextChoices):
    SOCIAL_WORKER = "social_worker", "Social worker"
    SENIOR_PRACTITIONER = "senior_practitioner", "Senior practitioner"
    TEAM_MANAGER = "team_manager", "Team manager"
    SERVICE_MANAGER = "service_manager", "Service manager"
    HEAD_OF_SERVICE = "head_of_service", "Head of service"
    MASH_WORKER = "mash_worker", "MASH worker"
    IRO = "iro", "Child protection chair / IRO"
    AUDITOR = "auditor", "Auditor"
    PERFORMANCE_ANALYST = "performance_analyst", "Performance analyst"
    ADMINISTRATOR = "administrator", "Administrator"


# Groups of roles that rules ask about; one place, so a new role is added once.
CASE_HOLDING_ROLES = frozenset({Role.SOCIAL_WORKER, Role.SENIOR_PRACTITIONER})
MANAGER_ROLES = frozenset({Role.TEAM_MANAGER, Role.SERVICE_MANAGER, Role.HEAD_OF_SERVICE})
SERVICE_WIDE_READ_ROLES = frozenset({Role.HEAD_OF_SERVICE, Role.AUDITOR, Role.PERFORMANCE_ANALYST})
# Who may record on a child's record (anything but GET/HEAD/OPTIONS on a child page) when the page's
# audience does not name who may act; analysts, auditors and administrators only read, and an IRO
# records only the reviews and conferences they chair (access_audit.selectors.CHAIRED_PAGES).
RECORDING_ROLES = frozenset(
    {*CASE_HOLDING_ROLES, *MANAGER_ROLES, Role.MASH_WORKER}
)
TWO_FACTOR_ROLES = frozenset(
    {*MANAGER_ROLES, Role.AUDITOR, Role.PERFORMANCE_ANALYST, Role.ADMINISTRATOR}
)


class ServiceArea(models.Model):
    """A group of teams under one service manager (e.g. Safeguarding, Children in care)."""

    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    name = models.CharField(max_length=100, unique=True)
    service_area = models.ForeignKey(ServiceArea, on_delete=models.PROTECT, related_name="teams")
    is_front_door = models.BooleanField(default=False, help_text="The MASH or front door team")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra):
        if not email:
            raise ValueError("Users need an email address")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("role", Role.ADMINISTRATOR)
        extra.setdefault("first_name", "Admin")
        extra.setdefault("last_name", "User")
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(unique=True)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    role = models.CharField(max_length=32, choices=Role.choices)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True, related_name="members")
    # Service managers manage a service area; team managers manage the team they belong to.
    service_area = models.ForeignKey(
        ServiceArea, on_delete=models.PROTECT, null=True, blank=True, related_name="managers",
        help_text="For service managers: the service area they manage",
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="May use the Django admin (administrators only)")
    is_demo = models.BooleanField(default=False, help_text="Created by load_demo; cannot sign in in production")
    date_joined = models.DateTimeField(default=timezone.now)
    left_on = models.DateField(null=True, blank=True, help_text="Leaving date, if the person has left")

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.first_name

    @property
    def service_area_id_for_scope(self) -> int | None:
        """The service area whose children a service manager oversees."""
        return self.service_area_id

    @property
    def needs_two_factor(self) -> bool:
        return self.role in TWO_FACTOR_ROLES or settings.CASEBOOK["TWO_FACTOR_FOR_ALL"]

    @property
    def is_manager(self) -> bool:
        return self.role in MANAGER_ROLES

    @property
    def is_administrator(self) -> bool:
        return self.role == Role.ADMINISTRATOR
