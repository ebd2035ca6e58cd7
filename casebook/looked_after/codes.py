"""SSDA903 code lists for looked-after children, care leavers and adoption (DOMAIN.md 2.2;
DFE-VALIDATORS.md 6, 2025/26 codes). Values are the 903 codes themselves, so the return is a
projection of the data. Labels paraphrase the DfE guidance."""

from django.db import models


class ReasonNewEpisode(models.TextChoices):
    STARTED = "S", "S: started to be looked after"
    LEGAL_STATUS = "L", "L: change of legal status only"
    PLACEMENT = "P", "P: change of placement and carer(s) only"
    BOTH = "T", "T: change of both legal status and placement and carer(s) at the same time"
    LEGAL_STATUS_SAME_CARER = "U", "U: change of legal status and placement, but carer(s) stayed the same"
    PLACEMENT_SAME_CARER = "B", "B: change of placement, but carer(s) stayed the same"


class LegalStatus(models.TextChoices):
    C1 = "C1", "C1: interim care order"
    C2 = "C2", "C2: full care order"
    D1 = "D1", "D1: freeing order granted"
    E1 = "E1", "E1: placement order granted"
    V2 = "V2", "V2: single period of accommodation under section 20"
    V3 = "V3", "V3: accommodated under an agreed series of short-term breaks, when individual episodes are recorded"
    V4 = "V4", "V4: accommodated under an agreed series of short-term breaks, when agreements are recorded"
    J1 = "J1", "J1: remanded to local authority accommodation or youth detention accommodation"
    J2 = "J2", "J2: placed in local authority accommodation under PACE"
    J3 = "J3", "J3: sentenced to a youth rehabilitation order with residence or fostering requirement"
    L1 = "L1", "L1: under police protection and in local authority accommodation"
    L2 = "L2", "L2: emergency protection order"
    L3 = "L3", "L3: child assessment order and in local authority accommodation"


class CategoryOfNeed(models.TextChoices):
    N1 = "N1", "N1: abuse or neglect"
    N2 = "N2", "N2: child's disability"
    N3 = "N3", "N3: parental illness or disability"
    N4 = "N4", "N4: family in acute stress"
    N5 = "N5", "N5: family dysfunction"
    N6 = "N6", "N6: socially unacceptable behaviour"
    N7 = "N7", "N7: low income"
    N8 = "N8", "N8: absent parenting"


class PlacementType(models.TextChoices):
    """Rule 146, 2025/26: H5, P2 and Z1 are gone; K3 and Z11 to Z14 are new."""

    A3 = "A3", "A3: placed for adoption with consent, with current foster carer(s)"
    A4 = "A4", "A4: placed for adoption with consent, not with current foster carer(s)"
    A5 = "A5", "A5: placed for adoption with a placement order, with current foster carer(s)"
    A6 = "A6", "A6: placed for adoption with a placement order, not with current foster carer(s)"
    K1 = "K1", "K1: secure children's home"
    K2 = "K2", "K2: children's home"
    K3 = "K3", "K3: supported accommodation"
    P1 = "P1", "P1: placed with own parent(s) or other person(s) with parental responsibility"
    P3 = "P3", "P3: residential employment"
    R1 = "R1", "R1: residential care home"
    R2 = "R2", "R2: NHS or health trust establishment providing medical or nursing care"
    R3 = "R3", "R3: family centre or mother and baby unit"
    R5 = "R5", "R5: young offender institution or prison"
    S1 = "S1", "S1: residential school"
    T0 = "T0", "T0: temporary placement: all types"
    T1 = "T1", "T1: temporary period in hospital"
    T2 = "T2", "T2: temporary absence of the child on holiday"
    T3 = "T3", "T3: temporary accommodation while the normal foster carer is unavailable"
    T4 = "T4", "T4: temporary accommodation of 7 days or less"
    U1 = "U1", "U1: foster placement with relative or friend, long term"
    U2 = "U2", "U2: foster placement with relative or friend who is also an approved adopter (fostering for adoption)"
    U3 = "U3", "U3: foster placement with relative or friend, not long term or fostering for adoption"
    U4 = "U4", "U4: foster placement with other foster carer, long term"
    U5 = "U5", "U5: foster placement with other foster carer who is also an approved adopter (fostering for adoption)"
    U6 = "U6", "U6: foster placement with other foster carer, not long term or fostering for adoption"
    Z11 = "Z11", "Z11: other placement (Z11)"
    Z12 = "Z12", "Z12: other placement (Z12)"
    Z13 = "Z13", "Z13: other placement (Z13)"
    Z14 = "Z14", "Z14: other placement (Z14)"


# PLACE_PROVIDER is left blank for these placement types (DFE-VALIDATORS.md 6).
NO_PROVIDER_PLACEMENTS = frozenset({"T0", "T1", "T2", "T3", "Z11", "Z12", "Z13", "Z14"})
# Placed for adoption under a placement order: needs legal status E1 (or D1, a freeing order).
PLACEMENT_ORDER_PLACEMENTS = frozenset({"A5", "A6"})
PLACEMENT_ORDER_STATUSES = frozenset({"E1", "D1"})
ADOPTION_PLACEMENTS = frozenset({"A3", "A4", "A5", "A6"})


class PlacementProvider(models.TextChoices):
    PR0 = "PR0", "PR0: parent(s) or other person(s) with parental responsibility"
    PR1 = "PR1", "PR1: own provision (by the local authority)"
    PR2 = "PR2", "PR2: other local authority provision"
    PR3 = "PR3", "PR3: other public provision (for example a primary care trust)"
    PR4 = "PR4", "PR4: private provision"
    PR5 = "PR5", "PR5: voluntary or third sector provision"


class ReasonEpisodeCeased(models.TextChoices):
    X1 = "X1", "X1: episode ceases, and new episode begins on the same day (child still looked after)"
    E11 = "E11", "E11: adopted: application for an adoption order unopposed"
    E12 = "E12", "E12: adopted: consent dispensed with by the court"
    E2 = "E2", "E2: died"
    E3 = "E3", "E3: care taken over by another local authority in the UK"
    E4A = "E4A", "E4A: returned home to live with parent(s), relative(s) or other person(s) with parental responsibility as part of the care planning process"
    E4B = "E4B", "E4B: returned home to live with parent(s), relative(s) or other person(s) with parental responsibility not as part of the care planning process"
    E13 = "E13", "E13: left care to live with parent(s), relative(s) or other person(s) with no parental responsibility"
    E41 = "E41", "E41: child arrangements order granted"
    E45 = "E45", "E45: special guardianship order made to former foster carer(s), who are or were a relative or friend"
    E46 = "E46", "E46: special guardianship order made to former foster carer(s), other than relative or friend"
    E47 = "E47", "E47: special guardianship order made to carer(s), other than former foster carer(s), who are or were a relative or friend"
    E48 = "E48", "E48: special guardianship order made to carer(s), other than former foster carer(s), other than relative or friend"
    E5 = "E5", "E5: moved into independent living arrangement and no longer looked after: supportive accommodation"
    E6 = "E6", "E6: moved into independent living arrangement and no longer looked after: without formalised support"
    E7 = "E7", "E7: transferred to residential care funded by adult social care"
    E8 = "E8", "E8: period of being looked after ceased for any other reason"
    E9 = "E9", "E9: sentenced to custody"
    E14 = "E14", "E14: accommodation on remand ended"
    E15 = "E15", "E15: age assessment determined child is aged 18 or over"
    E16 = "E16", "E16: child moved abroad"
    E17 = "E17", "E17: aged 18 (or over) and remained with current carers (staying put)"


class ReasonPlaceChange(models.TextChoices):
    CARPL = "CARPL", "Change to, or implementation of, the care plan"
    CLOSE = "CLOSE", "Resignation or closure of the provider"
    ALLEG = "ALLEG", "Allegation (section 47)"
    STAND = "STAND", "Standards of care concern"
    APPRR = "APPRR", "Approval removed"
    CREQB = "CREQB", "Carer requests placement end: child's behaviour"
    CREQO = "CREQO", "Carer requests placement end: other reason"
    CHILD = "CHILD", "Child requests placement end"
    LAREQ = "LAREQ", "Responsible or area authority requests placement end"
    PLACE = "PLACE", "Change in the status of the placement only"
    CUSTOD = "CUSTOD", "Custody arrangement"
    OTHER = "OTHER", "Other"


class ReviewParticipation(models.TextChoices):
    PN0 = "PN0", "PN0: child aged under 4 at the time of the review"
    PN1 = "PN1", "PN1: child attends and speaks for themselves"
    PN2 = "PN2", "PN2: child attends and an advocate speaks on their behalf"
    PN3 = "PN3", "PN3: child attends and conveys their views symbolically (non-verbally)"
    PN4 = "PN4", "PN4: child attends but does not speak or convey their views"
    PN5 = "PN5", "PN5: child does not attend but briefs an advocate to speak for them"
    PN6 = "PN6", "PN6: child does not attend but conveys their views by a facilitative medium"
    PN7 = "PN7", "PN7: child does not attend and their views are not conveyed"


class MissingType(models.TextChoices):
    MISSING = "M", "Missing (whereabouts unknown)"
    AWAY = "A", "Away without authorisation (whereabouts known)"


class SocialWorkerChangeReason(models.TextChoices):
    """903 SWEpisodes SW_REASON. Codes: the DfE validator's list (csc-validator-be-903, rule SW13STG1).
    FCONTA is "first contact", the child's first social worker: the validator's rule SW10bSTG2 reads
    "A new social worker episode has started with a reason of first contact ...". The other labels
    paraphrase the DfE guide and have not been checked against it."""

    MANAGE = "MANAGE", "Management decision"
    FCONTA = "FCONTA", "First contact (the child's first social worker)"
    LEFTRL = "LEFTRL", "Social worker left the role"
    ORGRST = "ORGRST", "Organisational restructure"
    TSPROC = "TSPROC", "Transfer between teams as part of the process"
    ABSENC = "ABSENC", "Social worker absence"
    CHCHAN = "CHCHAN", "Child's circumstances changed"
    PCCHAN = "PCCHAN", "Parent or carer requested a change"
    SWDIED = "SWDIED", "Social worker died"
    OTHERS = "OTHERS", "Other"


class CareLeaverCategory(models.TextChoices):
    ELIGIBLE = "eligible", "Eligible (aged 16 or 17 and still looked after)"
    RELEVANT = "relevant", "Relevant (aged 16 or 17, no longer looked after)"
    FORMER_RELEVANT = "former_relevant", "Former relevant (aged 18 to 25)"
    QUALIFYING = "qualifying", "Qualifying"


class InTouch(models.TextChoices):
    YES = "YES", "Yes, the authority is in touch"
    NO = "NO", "No, the authority is not in touch"
    DIED = "DIED", "The young person has died"
    REFU = "REFU", "The young person refuses contact"
    NREQ = "NREQ", "The young person no longer needs services"
    RHOM = "RHOM", "The young person has returned home (care leaver for less than 13 weeks)"


class Accommodation(models.TextChoices):
    """OC3 ACCOM letter; the return appends 1 (suitable) or 2 (not suitable)."""

    B = "B", "With parents or relatives"
    C = "C", "Community home or other form of residential care"
    D = "D", "Semi-independent, transitional accommodation"
    E = "E", "Supported lodgings"
    G = "G", "Gone abroad"
    H = "H", "Deported"
    K = "K", "Ordinary lodgings, without formal support"
    R = "R", "Residence not known"
    S = "S", "No fixed abode or homeless"
    T = "T", "Foyers and similar supported accommodation"
    U = "U", "Independent living"
    V = "V", "Emergency accommodation"
    W = "W", "Bed and breakfast"
    X = "X", "In custody"
    Y = "Y", "Other accommodation"
    Z = "Z", "With former foster carers"


class Activity(models.TextChoices):
    F1 = "F1", "Full-time in higher education"
    P1 = "P1", "Part-time in higher education"
    F2 = "F2", "Full-time in education other than higher education"
    P2 = "P2", "Part-time in education other than higher education"
    F3 = "F3", "Full-time in training or employment"
    P3 = "P3", "Part-time in training or employment"
    G4 = "G4", "Not in education, training or employment: illness or disability"
    G5 = "G5", "Not in education, training or employment: other reasons"
    G6 = "G6", "Not in education, training or employment: pregnancy or parenting"


class PlacedAdoptionCeased(models.TextChoices):
    """903 PlacedAdoption REASON_PLACED_CEASED, also the Annex A list 10 'decision reversed' reason."""

    RD1 = "RD1", "RD1: the child's needs changed after the decision"
    RD2 = "RD2", "RD2: the court did not make a placement order"
    RD3 = "RD3", "RD3: prospective adopters could not be found"
    RD4 = "RD4", "RD4: any other reason"


class AdopterSex(models.TextChoices):
    M1 = "M1", "One male adopter"
    F1 = "F1", "One female adopter"
    MM = "MM", "Two male adopters"
    FF = "FF", "Two female adopters"
    MF = "MF", "A male and a female adopter"


class AdopterLegalStatus(models.TextChoices):
    L0 = "L0", "Married couple"
    L11 = "L11", "Civil partners (male)"
    L12 = "L12", "Civil partners (female)"
    L2 = "L2", "Unmarried couple"
    L3 = "L3", "Single person"
    L4 = "L4", "Other"


class PreviousPermanence(models.TextChoices):
    """903 PrevPerm PREV_PERM. Codes: csc-validator-be-903 rule 631; labels paraphrase the DfE guide."""

    P1 = "P1", "P1: adoption"
    P2 = "P2", "P2: special guardianship order"
    P3 = "P3", "P3: residence order"
    P4 = "P4", "P4: child arrangements order saying with whom the child is to live"
    Z1 = "Z1", "Z1: not known whether the child had a previous permanence option"


class SDQReason(models.TextChoices):
    """903 OC2 SDQ_REASON, the reason there is no SDQ score (csc-validator-be-903 rule 196)."""

    SDQ1 = "SDQ1", "SDQ1: child aged under 4 or over 17 at the date of the latest assessment"
    SDQ2 = "SDQ2", "SDQ2: carer(s) refused to complete and return the questionnaire"
    SDQ3 = "SDQ3", "SDQ3: not possible because of the severity of the child's disability"
    SDQ4 = "SDQ4", "SDQ4: other"
    SDQ5 = "SDQ5", "SDQ5: the child or young person refused to allow the questionnaire to be completed"


class AdopterLeftReason(models.TextChoices):
    """Why a prospective adopter left the adoption process (Ofsted Annex A list 11)."""

    WITHDREW = "1", "Adopter withdrew from process"
    ON_HOLD = "2", "Process put on hold"
    REFUSED = "3", "Application refused"
