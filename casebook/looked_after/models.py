"""Looked-after children in the shape of the SSDA903 return (DOMAIN.md 2.2).

A period of care is a run of CareEpisode rows with no gap: each episode after the first starts
on the day the previous one ends (REC X1). Field names follow the 903 data items so that the
return is a projection of these tables.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from casebook.children.codes import Ethnicity, Sex
from casebook.core.models import RecordedModel
from casebook.looked_after import codes
from casebook.core.templatetags.govuk import ukdate

PERMANENCE_DATE = RegexValidator(r"^(\d\d|ZZ)/(\d\d|ZZ)/(\d{4}|ZZZZ)$",
                                 "Enter the date of the order like 27/03/2021, with ZZ for a part not known")


class CareEpisode(RecordedModel):
    """903 Episodes: one row per change of legal status and/or placement."""

    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="care_episodes")
    period_start = models.DateField(help_text="The day the child started to be looked after (first DECOM of the period)")
    start_date = models.DateField("Date episode started")  # DECOM
    reason_new_episode = models.CharField(max_length=1, choices=codes.ReasonNewEpisode.choices)  # RNE
    legal_status = models.CharField(max_length=2, choices=codes.LegalStatus.choices)  # LS
    category_of_need = models.CharField(max_length=2, choices=codes.CategoryOfNeed.choices)  # CIN
    placement_type = models.CharField(max_length=3, choices=codes.PlacementType.choices)  # PLACE
    placement_provider = models.CharField(max_length=3, choices=codes.PlacementProvider.choices, blank=True)
    placement_postcode = models.CharField(max_length=8, blank=True)  # PL_POST
    home_postcode = models.CharField(max_length=8, blank=True)  # HOME_POST
    urn = models.CharField("Ofsted URN", max_length=7, blank=True, help_text="For placements Ofsted regulates")
    carer_name = models.CharField(max_length=200, blank=True, help_text="Carer(s) or home, for the worker's reference")
    placement_started = models.DateField(help_text="When the current placement began (carries over L episodes)")
    intended_until_18 = models.BooleanField(default=False, help_text="Placement is intended to last until the child is 18")
    reason_place_change = models.CharField(max_length=6, choices=codes.ReasonPlaceChange.choices, blank=True)
    end_date = models.DateField("Date episode ceased", null=True, blank=True)  # DEC
    reason_ceased = models.CharField(max_length=3, choices=codes.ReasonEpisodeCeased.choices, blank=True)  # REC
    # 903 PrevPerm, asked when the child starts to be looked after (RNE S): kept on that episode.
    previous_permanence = models.CharField(max_length=2, choices=codes.PreviousPermanence.choices, blank=True)
    previous_permanence_la = models.CharField("Local authority that arranged it", max_length=3, blank=True,
                                              help_text="The DfE's 3-digit LA code, or WAL, SCO, NIR or NUK")  # LA_PERM
    # DATE_PERM as the DfE writes it, dd/mm/yyyy, where a part not known may be ZZ (rule 632).
    previous_permanence_date = models.CharField("Date of the order", max_length=10, blank=True,
                                                validators=[PERMANENCE_DATE])

    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["child"], condition=Q(end_date__isnull=True), name="one_open_care_episode"),
            models.CheckConstraint(condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                                   name="care_episode_ends_after_start"),
            models.CheckConstraint(condition=Q(end_date__isnull=True) | ~Q(reason_ceased=""),
                                   name="ended_care_episode_has_reason"),
        ]
        indexes = [models.Index(fields=["child", "start_date"]), models.Index(fields=["end_date"])]

    def __str__(self) -> str:
        return f"{self.legal_status} {self.placement_type} from {ukdate(self.start_date)}"

    @property
    def is_open(self) -> bool:
        return self.end_date is None


class CarePlan(RecordedModel):
    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="care_plans")
    agreed_on = models.DateField()
    permanence_plan = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-agreed_on"]


class CareReview(RecordedModel):
    """903 Reviews: REVIEW date and REVIEW_CODE (participation)."""

    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="care_reviews")
    review_date = models.DateField()
    participation = models.CharField(max_length=3, choices=codes.ReviewParticipation.choices)
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="chaired_care_reviews", help_text="The independent reviewing officer")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-review_date"]
        indexes = [models.Index(fields=["child", "review_date"])]


class CareVisit(RecordedModel):
    """A statutory visit to a looked-after child (CPPCR 2010 reg 28)."""

    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="care_visits")
    visit_date = models.DateField()
    seen_alone = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-visit_date"]


class HealthCheck(RecordedModel):
    class Kind(models.TextChoices):
        INITIAL = "initial", "Initial health assessment"
        REVIEW = "review", "Review health assessment"
        DENTAL = "dental", "Dental check"
        SDQ = "sdq", "Strengths and difficulties questionnaire (SDQ)"

    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="health_checks")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    check_date = models.DateField()
    # 903 OC2 SDQ_SCORE: the carer's questionnaire for children aged 4 to 16 looked after for a year.
    sdq_score = models.PositiveSmallIntegerField("SDQ score", null=True, blank=True,
                                                 validators=[MaxValueValidator(40)])
    history = HistoricalRecords()

    class Meta:
        ordering = ["-check_date"]


class MissingEpisode(RecordedModel):
    """903 Missing (MISSING, MIS_START, MIS_END) and the return home interview."""

    class Accepted(models.TextChoices):
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="missing_episodes")
    kind = models.CharField(max_length=1, choices=codes.MissingType.choices)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True, help_text="When the child returned or was found")
    where_found = models.CharField(max_length=200, blank=True)
    reported_to_police = models.BooleanField(default=False)
    # Return home interview (statutory guidance on children who run away or go missing, 2014).
    rhi_due_at = models.DateTimeField(null=True, blank=True, db_index=True, help_text="72 hours after the return")
    rhi_offered_at = models.DateTimeField(null=True, blank=True)
    rhi_offered_by = models.CharField(max_length=200, blank=True)
    rhi_independent = models.BooleanField(null=True, blank=True)
    rhi_response = models.CharField(max_length=8, choices=Accepted.choices, blank=True)
    rhi_completed_on = models.DateField(null=True, blank=True)
    why_missing = models.TextField("What the child said about why they went missing", blank=True, max_length=4000)
    risk_exploitation = models.BooleanField(default=False)
    push_factors = models.TextField(blank=True, max_length=2000)
    pull_factors = models.TextField(blank=True, max_length=2000)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.CheckConstraint(condition=Q(ended_at__isnull=True) | Q(ended_at__gt=F("started_at")),
                                   name="missing_ends_after_start"),
            models.CheckConstraint(condition=Q(rhi_offered_at__isnull=True) | Q(ended_at__isnull=False, rhi_offered_at__gte=F("ended_at")),
                                   name="rhi_offered_after_return"),
        ]
        indexes = [models.Index(fields=["child", "started_at"])]

    @property
    def hours_missing(self) -> float | None:
        if self.ended_at is None:
            return None
        return round((self.ended_at - self.started_at).total_seconds() / 3600, 1)


class SocialWorkerChange(models.Model):
    """The 903 SW_REASON for one allocation of a looked-after child (SWEpisodes). The
    allocation itself belongs to the children app; this only adds the reason for the change."""

    allocation = models.OneToOneField("children.Allocation", on_delete=models.CASCADE, related_name="sw_change")
    reason = models.CharField(max_length=6, choices=codes.SocialWorkerChangeReason.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)  # core.concurrency: edits carry the version read
    history = HistoricalRecords()


class CareLeaver(RecordedModel):
    child = models.OneToOneField("children.Child", on_delete=models.CASCADE, related_name="care_leaver")
    category = models.CharField("Eligibility category", max_length=16, choices=codes.CareLeaverCategory.choices)
    personal_adviser = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                         related_name="care_leavers_advised")
    personal_adviser_name = models.CharField(max_length=200, blank=True, help_text="An adviser who is not a Casebook user")
    needs_assessment_on = models.DateField(null=True, blank=True)
    pathway_plan_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    @property
    def adviser(self) -> str:
        return self.personal_adviser.full_name if self.personal_adviser else self.personal_adviser_name


class PathwayPlanReview(RecordedModel):
    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="pathway_reviews")
    review_date = models.DateField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-review_date"]


class CareLeaverContact(RecordedModel):
    """903 OC3: contact around a birthday from the 17th to the 21st."""

    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="care_leaver_contacts")
    birthday = models.PositiveSmallIntegerField(help_text="Which birthday (17 to 21) the contact is about")
    contact_date = models.DateField()
    in_touch = models.CharField(max_length=4, choices=codes.InTouch.choices)  # IN_TOUCH
    accommodation = models.CharField(max_length=1, choices=codes.Accommodation.choices, blank=True)
    accommodation_suitable = models.BooleanField(null=True, blank=True)
    activity = models.CharField(max_length=2, choices=codes.Activity.choices, blank=True)  # ACTIV
    history = HistoricalRecords()

    class Meta:
        ordering = ["-contact_date"]
        constraints = [
            models.UniqueConstraint(fields=["child", "birthday"], name="one_oc3_contact_per_birthday"),
            models.CheckConstraint(condition=Q(birthday__gte=17, birthday__lte=21), name="oc3_birthday_17_to_21"),
        ]

    @property
    def accom_code(self) -> str:
        """The 903 ACCOM value: letter plus 1 (suitable) or 2 (not suitable)."""
        if not self.accommodation:
            return ""
        return f"{self.accommodation}{1 if self.accommodation_suitable else 2}"


class AdoptionRecord(RecordedModel):
    """Enough for 903 AD1 and PlacedAdoption and Ofsted Annex A list 10."""

    child = models.OneToOneField("children.Child", on_delete=models.CASCADE, related_name="adoption")
    decision_date = models.DateField("Date of the decision that adoption is in the child's best interests")  # DATE_INT
    placement_order_date = models.DateField(null=True, blank=True)
    match_date = models.DateField(null=True, blank=True)  # DATE_MATCH
    placed_date = models.DateField(null=True, blank=True)  # DATE_PLACED
    adoption_order_date = models.DateField(null=True, blank=True)
    foster_carer_adopting = models.BooleanField(null=True, blank=True)  # FOSTER_CARE
    number_of_adopters = models.PositiveSmallIntegerField(null=True, blank=True)  # NB_ADOPTR
    adopter_sex = models.CharField(max_length=2, choices=codes.AdopterSex.choices, blank=True)  # SEX_ADOPTR
    adopter_legal_status = models.CharField(max_length=3, choices=codes.AdopterLegalStatus.choices, blank=True)
    reversed_date = models.DateField("Date the decision was reversed", null=True, blank=True)  # DATE_PLACED_CEASED
    reversed_reason = models.CharField(max_length=3, choices=codes.PlacedAdoptionCeased.choices, blank=True)
    history = HistoricalRecords()


class MotherStatus(RecordedModel):
    """903 Header MOTHER and MC_DOB: whether a looked-after girl is a mother, and her first child's
    date of birth. Not recorded means the return leaves MOTHER blank (rule 393 then points here)."""

    child = models.OneToOneField("children.Child", on_delete=models.CASCADE, related_name="mother_status")
    is_mother = models.BooleanField()
    first_child_born = models.DateField("Date of birth of her first child", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(is_mother=True, first_child_born__isnull=False)
                                              | Q(is_mother=False, first_child_born__isnull=True),
                                              name="mother_has_first_child_date")]


class UASCStatus(RecordedModel):
    """903 UASC: a child who was an unaccompanied asylum-seeking child, and the date that status
    ceased (DUC), if it has."""

    child = models.OneToOneField("children.Child", on_delete=models.CASCADE, related_name="uasc_status")
    ceased_on = models.DateField("Date UASC status ceased", null=True, blank=True)  # DUC
    history = HistoricalRecords()


class YearOutcomes(RecordedModel):
    """903 OC2 items a worker records for a child looked after for 12 months at 31 March of a
    collection year (`year` is the year it ends: 2027 is April 2026 to March 2027). A blank item
    is not known, and the return leaves it blank so rule 191 points here."""

    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="year_outcomes")
    year = models.PositiveSmallIntegerField(help_text="The collection year, named by the year it ends")
    convicted = models.BooleanField("Convicted or given a final warning or reprimand in the year", null=True,
                                    blank=True)  # CONVICTED
    immunisations = models.BooleanField("Immunisations up to date", null=True, blank=True)  # IMMUNISATIONS
    substance_misuse = models.BooleanField("Substance misuse problem identified in the year", null=True,
                                           blank=True)  # SUBSTANCE_MISUSE
    intervention_received = models.BooleanField("Received an intervention for it", null=True, blank=True)
    intervention_offered = models.BooleanField("Offered an intervention (and refused it)", null=True, blank=True)
    sdq_reason = models.CharField("Reason there is no SDQ score", max_length=4, choices=codes.SDQReason.choices,
                                  blank=True)  # SDQ_REASON
    # From an imported return only: the return says whether these were done in the year but not
    # when, so no HealthCheck can be made from it. The export reports a recorded check first.
    sdq_score = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(40)])
    health_check = models.BooleanField(null=True, blank=True)  # HEALTH_CHECK (under 5s)
    teeth_check = models.BooleanField(null=True, blank=True)  # TEETH_CHECK
    health_assessment = models.BooleanField(null=True, blank=True)  # HEALTH_ASSESSMENT
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["child", "year"], name="one_oc2_record_per_year")]


class ImportedSocialWorkerEpisode(models.Model):
    """A 903 SWEpisodes row from a previous system's return. Its worker is known only by the
    SW_ID the old system reported, so it cannot be a Casebook Allocation; the export reports it
    beside the allocations. Matched on child, SW_ID and start date."""

    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="imported_sw_episodes")
    sw_id = models.CharField(max_length=20)
    start_date = models.DateField()  # SW_DECOM
    end_date = models.DateField(null=True, blank=True)  # SW_DEC
    reason = models.CharField(max_length=6, choices=codes.SocialWorkerChangeReason.choices, blank=True)

    class Meta:
        ordering = ["start_date", "id"]
        constraints = [models.UniqueConstraint(fields=["child", "sw_id", "start_date"], name="one_imported_sw_episode"),
                       models.CheckConstraint(condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                                              name="imported_sw_episode_ends_after_start")]


class Adopter(RecordedModel):
    """A prospective adopter in contact with the adoption agency, from enquiry to adoption order
    or leaving the process (Ofsted Annex A list 11: one row per individual adopter; adopters who
    apply together share a household reference, the list's "family identifier")."""

    full_name = models.CharField(max_length=200)
    household = models.CharField("Household reference", max_length=20, blank=True,
                                 help_text="The same for adopters applying together")
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    ethnicity = models.CharField(max_length=4, choices=Ethnicity.choices, default=Ethnicity.NOBT)
    disability = models.BooleanField(null=True, blank=True)
    fostering_for_adoption = models.BooleanField("Fostering for adoption", null=True, blank=True)
    enquiry_date = models.DateField("Date enquiry received")
    stage1_start = models.DateField("Stage 1 started", null=True, blank=True)
    stage1_end = models.DateField("Stage 1 ended", null=True, blank=True)
    stage2_start = models.DateField("Stage 2 started", null=True, blank=True)
    stage2_end = models.DateField("Stage 2 ended", null=True, blank=True)
    application_date = models.DateField("Application submitted", null=True, blank=True)
    approval_date = models.DateField("Application approved", null=True, blank=True)
    matched_date = models.DateField("Matched with a child or children", null=True, blank=True)
    placed_date = models.DateField("Child or children placed", null=True, blank=True)
    children_placed = models.PositiveSmallIntegerField("Number of children placed", null=True, blank=True,
                                                       validators=[MaxValueValidator(9)])
    adoption_order_date = models.DateField("Adoption order", null=True, blank=True)
    left_date = models.DateField("Left the adoption process", null=True, blank=True)
    left_reason = models.CharField("Reason for leaving", max_length=1, choices=codes.AdopterLeftReason.choices,
                                   blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-enquiry_date", "-pk"]

    def __str__(self) -> str:
        return f"Adopter {self.reference}"

    @property
    def reference(self) -> str:
        """The individual adopter identifier on Annex A list 11."""
        return f"ADR{self.pk:06d}" if self.pk else "ADR (not saved)"
