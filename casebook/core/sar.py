"""Subject access request bundle: everything Casebook holds about one child, in date order.

UK GDPR Article 15 gives the child (or someone acting for them) a copy of their personal data.
The ICO's guidance on the right of access says information about other people (family members,
professionals, referrers) may need to be withheld or redacted under Data Protection Act 2018
Schedule 2 paragraph 16, after a review. This bundle does not redact: it marks every item that
holds third-party information so the reviewer looks at each one before anything is released.
"""

from dataclasses import dataclass, field

from casebook.core import chronology
from casebook.core.templatetags.govuk import ukdate


@dataclass(frozen=True)
class Item:
    label: str
    value: str
    third_party: bool = False


@dataclass
class Section:
    title: str
    items: list[list[Item]] = field(default_factory=list)  # one list per record
    note: str = ""


@dataclass
class Bundle:
    child: object
    sections: list[Section]
    entries: list[chronology.Entry]
    third_party_count: int


def _child_details(child) -> Section:
    def val(v):
        return "" if v is None else ukdate(v)

    items = [
        Item("Casebook ID", child.casebook_id), Item("First names", child.first_names),
        Item("Last name", child.last_name), Item("Known as", child.known_as),
        Item("Date of birth", val(child.date_of_birth)), Item("Expected date of birth", val(child.expected_date_of_birth)),
        Item("Sex", child.get_sex_display()), Item("Gender identity", child.gender),
        Item("Ethnicity", child.get_ethnicity_display()), Item("NHS number", child.nhs_number),
        Item("Unique pupil number", child.upn), Item("First language", child.first_language),
        Item("Needs an interpreter", "Yes" if child.interpreter_needed else "No"),
        Item("Disabilities", ", ".join(d.get_code_display() for d in child.disabilities.all())),
    ]
    return Section("The child's details", [[i for i in items if i.value]])


def _addresses(child) -> Section:
    records = [[Item("Address", ", ".join(filter(None, [a.line_1, a.line_2, a.town, a.postcode]))),
                Item("Moved in", ukdate(a.moved_in)), Item("Moved out", ukdate(a.moved_out))]
               for a in child.addresses.all()]
    return Section("Addresses", records)


def _network(child) -> Section:
    records = []
    for person in child.relationships.all():
        records.append([
            Item("Name", person.name, third_party=True),
            Item("Relationship", person.get_relationship_display()),
            Item("Organisation", person.organisation, third_party=bool(person.organisation)),
            Item("Phone", person.phone, third_party=bool(person.phone)),
            Item("Parental responsibility", "Yes" if person.has_parental_responsibility else "No"),
            Item("Lives with the child", "Yes" if person.lives_with_child else "No"),
            Item("Notes", person.notes, third_party=bool(person.notes)),
        ])
    return Section("Family and network", records,
                   note="Names, contact details and notes about other people: review before release.")


def _referrals(child) -> Section:
    records = []
    for referral in child.referrals.all().order_by("referral_date"):
        records.append([
            Item("Referral date", ukdate(referral.referral_date)),
            Item("Referred by (source)", referral.get_source_display(), third_party=True),
            Item("Primary need", referral.get_primary_need_display()),
            Item("No further action", "Yes" if referral.nfa else "No"),
        ])
    return Section("Referrals", records, note="Who made a referral can identify them: review before release.")


# Apps whose records carry third-party details (a referrer's name, a contact's account) add a
# section here from their AppConfig.ready(); the chronology covers everything else.
_extra_sections: list = []


def register_section(build) -> None:
    """Add `build(child) -> Section` to every subject access bundle."""
    if build not in _extra_sections:
        _extra_sections.append(build)


def subject_access_bundle(child) -> Bundle:
    """Everything held about `child`: details, addresses, network, referrals, then every
    chronology entry oldest first. Callers check access (information governance only) and log."""
    sections = [_child_details(child), _addresses(child), _network(child), _referrals(child)]
    sections += [build(child) for build in _extra_sections]
    entries = sorted(chronology.entries_for(child), key=lambda e: e.sort_key)
    flagged = sum(1 for s in sections for record in s.items for i in record if i.third_party and i.value)
    # Free text in the chronology can name anyone: every entry with detail is for review.
    flagged += sum(1 for e in entries if e.detail)
    return Bundle(child=child, sections=sections, entries=entries, third_party_count=flagged)
