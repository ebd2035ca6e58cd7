"""DfE code lists used on the child's record (CIN census 2024-25 onwards, SSDA903)."""

from django.db import models


class Sex(models.TextChoices):
    MALE = "M", "Male"
    FEMALE = "F", "Female"
    UNKNOWN = "U", "Not known or not recorded"


class Ethnicity(models.TextChoices):
    WBRI = "WBRI", "White – British"
    WIRI = "WIRI", "White – Irish"
    WIRT = "WIRT", "White – Traveller of Irish heritage"
    WOTH = "WOTH", "Any other White background"
    WROM = "WROM", "White – Gypsy or Roma"
    MWBC = "MWBC", "Mixed – White and Black Caribbean"
    MWBA = "MWBA", "Mixed – White and Black African"
    MWAS = "MWAS", "Mixed – White and Asian"
    MOTH = "MOTH", "Any other mixed background"
    AIND = "AIND", "Asian or Asian British – Indian"
    APKN = "APKN", "Asian or Asian British – Pakistani"
    ABAN = "ABAN", "Asian or Asian British – Bangladeshi"
    AOTH = "AOTH", "Any other Asian background"
    BCRB = "BCRB", "Black or Black British – Caribbean"
    BAFR = "BAFR", "Black or Black British – African"
    BOTH = "BOTH", "Any other Black background"
    CHNE = "CHNE", "Chinese"
    OOTH = "OOTH", "Any other ethnic group"
    REFU = "REFU", "Refused"
    NOBT = "NOBT", "Information not yet obtained"


class Disability(models.TextChoices):
    NONE = "NONE", "No disability"
    MOB = "MOB", "Mobility"
    HAND = "HAND", "Hand function"
    PC = "PC", "Personal care"
    INC = "INC", "Incontinence"
    COMM = "COMM", "Communication"
    LD = "LD", "Learning"
    HEAR = "HEAR", "Hearing"
    VIS = "VIS", "Vision"
    BEH = "BEH", "Behaviour"
    CON = "CON", "Consciousness"
    AUT = "AUT", "Autism or Asperger syndrome"
    DDA = "DDA", "Other disability (Equality Act)"


class RelationshipType(models.TextChoices):
    MOTHER = "mother", "Mother"
    FATHER = "father", "Father"
    STEP_PARENT = "step_parent", "Step-parent"
    PARENTS_PARTNER = "parents_partner", "Parent's partner"
    SIBLING = "sibling", "Sibling"
    GRANDPARENT = "grandparent", "Grandparent"
    AUNT_UNCLE = "aunt_uncle", "Aunt or uncle"
    OTHER_RELATIVE = "other_relative", "Other relative"
    FAMILY_FRIEND = "family_friend", "Family friend"
    FOSTER_CARER = "foster_carer", "Foster carer"
    SOCIAL_WORKER_OTHER_LA = "social_worker_other_la", "Social worker (other authority)"
    TEACHER = "teacher", "Teacher or school staff"
    HEALTH_VISITOR = "health_visitor", "Health visitor"
    GP = "gp", "GP"
    SCHOOL_NURSE = "school_nurse", "School nurse"
    POLICE = "police", "Police"
    YOUTH_JUSTICE = "youth_justice", "Youth justice worker"
    OTHER_PROFESSIONAL = "other_professional", "Other professional"


PROFESSIONAL_RELATIONSHIPS = frozenset({
    RelationshipType.SOCIAL_WORKER_OTHER_LA, RelationshipType.TEACHER, RelationshipType.HEALTH_VISITOR,
    RelationshipType.GP, RelationshipType.SCHOOL_NURSE, RelationshipType.POLICE,
    RelationshipType.YOUTH_JUSTICE, RelationshipType.OTHER_PROFESSIONAL,
})
