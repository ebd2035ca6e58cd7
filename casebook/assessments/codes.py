"""Code lists for child and family assessments (CIN census FactorsIdentifiedAtAssessment;
DOMAIN.md 2.1, DFE-VALIDATORS.md 5). Labels are the plain-English wording social workers use."""

from django.db import models


class Factor(models.TextChoices):
    ALCOHOL_CHILD = "1A", "Alcohol misuse: concerns about the child"
    ALCOHOL_PARENT = "1B", "Alcohol misuse: concerns about a parent or carer"
    ALCOHOL_OTHER = "1C", "Alcohol misuse: concerns about another person in the household"
    DRUGS_CHILD = "2A", "Drug misuse: concerns about the child"
    DRUGS_PARENT = "2B", "Drug misuse: concerns about a parent or carer"
    DRUGS_OTHER = "2C", "Drug misuse: concerns about another person in the household"
    DOMESTIC_ABUSE_CHILD = "3A", "Domestic abuse: concerns about the child being the subject"
    DOMESTIC_ABUSE_PARENT = "3B", "Domestic abuse: concerns about a parent or carer"
    DOMESTIC_ABUSE_OTHER = "3C", "Domestic abuse: concerns about another person in the household"
    MENTAL_HEALTH_CHILD = "4A", "Mental health: concerns about the child"
    MENTAL_HEALTH_PARENT = "4B", "Mental health: concerns about a parent or carer"
    MENTAL_HEALTH_OTHER = "4C", "Mental health: concerns about another person in the household"
    LEARNING_DISABILITY_CHILD = "5A", "Learning disability: concerns about the child"
    LEARNING_DISABILITY_PARENT = "5B", "Learning disability: concerns about a parent or carer"
    LEARNING_DISABILITY_OTHER = "5C", "Learning disability: concerns about another person in the household"
    PHYSICAL_ILLNESS_CHILD = "6A", "Physical disability or illness: concerns about the child"
    PHYSICAL_ILLNESS_PARENT = "6B", "Physical disability or illness: concerns about a parent or carer"
    PHYSICAL_ILLNESS_OTHER = "6C", "Physical disability or illness: concerns about another person in the household"
    YOUNG_CARER = "7A", "Young carer"
    PRIVATE_FOSTERING_OVERSEAS_RETURN = "8B", "Private fostering: child from overseas who intends to return"
    PRIVATE_FOSTERING_OVERSEAS_STAY = "8C", "Private fostering: child from overseas who intends to stay"
    PRIVATE_FOSTERING_EDUCATION = "8D", "Private fostering: UK child in an educational placement"
    PRIVATE_FOSTERING_FAMILY = "8E", "Private fostering: UK child in an alternative family arrangement"
    PRIVATE_FOSTERING_OTHER = "8F", "Private fostering: other"
    UASC = "9A", "Unaccompanied asylum-seeking child"
    MISSING = "10A", "Going or being missing"
    CSE = "11A", "Child sexual exploitation"
    TRAFFICKING = "12A", "Trafficking"
    GANGS = "13A", "Gangs"
    BEHAVIOUR = "14A", "Socially unacceptable behaviour"
    SELF_HARM = "15A", "Self-harm"
    NEGLECT = "16A", "Neglect"
    EMOTIONAL_ABUSE = "17A", "Emotional abuse"
    PHYSICAL_ABUSE_CHILD = "18B", "Physical abuse by another child"
    PHYSICAL_ABUSE_ADULT = "18C", "Physical abuse by an adult"
    SEXUAL_ABUSE_CHILD = "19B", "Sexual abuse by another child"
    SEXUAL_ABUSE_ADULT = "19C", "Sexual abuse by an adult"
    OTHER = "20", "Other"
    NONE = "21", "No factors identified"
    FGM = "22A", "Female genital mutilation"
    FAITH = "23A", "Abuse linked to faith or belief"
    CCE = "24A", "Child criminal exploitation"


NEGLECT_FACTORS = frozenset({Factor.NEGLECT})


class Outcome(models.TextChoices):
    NFA = "nfa", "No further action"
    CIN_PLAN = "cin_plan", "Child in need plan"
    STRATEGY_DISCUSSION = "strategy_discussion", "Strategy discussion"
    EARLY_HELP = "early_help", "Step down to early help"
