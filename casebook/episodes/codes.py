"""CIN census code lists for referrals and episodes (DOMAIN.md 2.1; DFE-VALIDATORS.md 5)."""

from django.db import models


class ReferralSource(models.TextChoices):
    INDIVIDUAL_SELF = "1A", "Individual – self"
    INDIVIDUAL_FAMILY = "1B", "Individual – family member or relative or carer"
    INDIVIDUAL_ACQUAINTANCE = "1C", "Individual – acquaintance (including neighbours and child minders)"
    INDIVIDUAL_OTHER = "1D", "Individual – other"
    SCHOOLS = "2A", "Schools"
    EDUCATION_SERVICES = "2B", "Education services"
    GP = "3A", "Health services – GP"
    HEALTH_VISITOR = "3B", "Health services – health visitor"
    SCHOOL_NURSE = "3C", "Health services – school nurse"
    OTHER_PRIMARY_HEALTH = "3D", "Health services – other primary health services"
    A_AND_E = "3E", "Health services – A&E"
    OTHER_HEALTH = "3F", "Health services – other"
    HOUSING = "4", "Housing"
    LA_SOCIAL_CARE = "5A", "LA services – social care"
    LA_OTHER_INTERNAL = "5B", "LA services – other internal"
    LA_EXTERNAL = "5C", "LA services – external (another authority)"
    EARLY_HELP = "5D", "LA services – early help"
    POLICE = "6", "Police"
    OTHER_LEGAL = "7", "Other legal agency"
    OTHER = "8", "Other"
    ANONYMOUS = "9", "Anonymous"
    UNKNOWN = "10", "Unknown"


class PrimaryNeed(models.TextChoices):
    N0 = "N0", "N0 – Not stated"
    N1 = "N1", "N1 – Abuse or neglect"
    N2 = "N2", "N2 – Child's disability or illness"
    N3 = "N3", "N3 – Parental disability or illness"
    N4 = "N4", "N4 – Family in acute stress"
    N5 = "N5", "N5 – Family dysfunction"
    N6 = "N6", "N6 – Socially unacceptable behaviour"
    N7 = "N7", "N7 – Low income"
    N8 = "N8", "N8 – Absent parenting"
    N9 = "N9", "N9 – Cases other than children in need"


class ClosureReason(models.TextChoices):
    RC1 = "RC1", "RC1 – Adopted"
    RC2 = "RC2", "RC2 – Died"
    RC3 = "RC3", "RC3 – Child arrangements order"
    RC4 = "RC4", "RC4 – Special guardianship order"
    RC5 = "RC5", "RC5 – Transferred to services of another local authority"
    RC6 = "RC6", "RC6 – Transferred to adult social care services"
    RC7 = "RC7", "RC7 – Services ceased for any other reason, including child no longer in need"
    RC8 = "RC8", "RC8 – Case closed after assessment, no further action"
    RC9 = "RC9", "RC9 – Case closed after assessment, referred to early help"
