"""Assessment timescales (registered from AssessmentsConfig.ready())."""

from casebook.clocks.timescales import Timescale, Unit, register

ASSESSMENT = "assessment_45wd"

register(
    # The clock runs from the referral, not from the day the assessment starts.
    Timescale(ASSESSMENT, "Child and family assessment", 45, Unit.WORKING_DAYS,
              "Working Together to Safeguard Children 2023, chapter 2: within 45 working days of the referral; "
              "CIN census rule 8670Q"),
)
