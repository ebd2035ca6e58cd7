from django import forms
from django.utils import timezone

from casebook.children.codes import Disability, Ethnicity, RelationshipType, Sex
from casebook.children.identifiers import is_valid_nhs_number, is_valid_postcode, is_valid_upn
from casebook.core.forms import GovukDateField, GovukForm, VersionedFormMixin


class ChildSearchForm(GovukForm):
    q = forms.CharField(
        label="Name, Casebook ID, NHS number or date of birth", max_length=100, required=False,
        help_text="For example Jordan Smith, CB7K3M9QXP, 943 476 5919 or 14/03/2019",
    )


class ChildForm(GovukForm):
    first_names = forms.CharField(label="First names", max_length=100,
                                  error_messages={"required": "Enter the child's first names"})
    last_name = forms.CharField(label="Last name", max_length=100,
                                error_messages={"required": "Enter the child's last name"})
    known_as = forms.CharField(label="Known as (optional)", max_length=100, required=False)
    date_of_birth = GovukDateField(label="Date of birth", required=False, not_future=True,
                                   help_text="For example, 27 3 2018. Leave blank for an unborn child")
    expected_date_of_birth = GovukDateField(label="Expected date of birth", required=False, not_past=True,
                                            help_text="Only for an unborn child")
    sex = forms.ChoiceField(label="Sex", choices=Sex.choices, widget=forms.RadioSelect,
                            error_messages={"required": "Select the child's sex, or 'Not known or not recorded'"})
    gender = forms.CharField(label="Gender identity (optional)", max_length=60, required=False)
    ethnicity = forms.ChoiceField(label="Ethnicity", choices=Ethnicity.choices, initial=Ethnicity.NOBT)
    nhs_number = forms.CharField(label="NHS number (optional)", max_length=14, required=False,
                                 widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "numeric", "spellcheck": "false"}),
                                 help_text="10 digits, for example 485 777 3456")
    upn = forms.CharField(label="Unique pupil number (optional)", max_length=13, required=False,
                          widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false"}))
    first_language = forms.CharField(label="First language", max_length=60, initial="English")
    interpreter_needed = forms.BooleanField(label="Needs an interpreter", required=False)
    disabilities = forms.MultipleChoiceField(label="Disabilities (optional)", choices=Disability.choices, required=False,
                                             widget=forms.CheckboxSelectMultiple)

    def clean_nhs_number(self):
        value = self.cleaned_data["nhs_number"].strip()
        if value and not is_valid_nhs_number(value):
            raise forms.ValidationError("Enter a valid NHS number: 10 digits whose last digit checks the others")
        return value

    def clean_upn(self):
        value = self.cleaned_data["upn"].strip().upper()
        if value and not is_valid_upn(value):
            raise forms.ValidationError("Enter a valid unique pupil number: a check letter and 12 characters")
        return value

    def clean_disabilities(self):
        codes = self.cleaned_data["disabilities"]
        if "NONE" in codes and len(codes) > 1:
            raise forms.ValidationError("Select 'No disability' or the child's disabilities, not both")
        return codes

    def clean(self):
        cleaned = super().clean()
        dob, edob = cleaned.get("date_of_birth"), cleaned.get("expected_date_of_birth")
        date_errors = {"date_of_birth", "expected_date_of_birth"} & set(self.errors)
        if not date_errors:
            if dob and edob:
                self.add_error("expected_date_of_birth", "Leave the expected date of birth blank for a child who has been born")
            elif not dob and not edob:
                self.add_error("date_of_birth", "Enter the date of birth or, for an unborn child, the expected date of birth")
            elif edob and (edob - timezone.localdate()).days > 300:
                self.add_error("expected_date_of_birth", "Expected date of birth must be within the next 10 months")
        return cleaned


class ChildCreateForm(ChildForm):
    not_a_duplicate = forms.BooleanField(
        label="I have checked these records: none of them is this child", required=False,
    )


class ChildEditForm(VersionedFormMixin, ChildForm):
    pass


class AddressForm(GovukForm):
    line_1 = forms.CharField(label="Address line 1", max_length=100, error_messages={"required": "Enter address line 1, typically the building and street"})
    line_2 = forms.CharField(label="Address line 2 (optional)", max_length=100, required=False)
    town = forms.CharField(label="Town or city", max_length=60, widget=forms.TextInput(attrs={"class": "govuk-!-width-two-thirds"}),
                           error_messages={"required": "Enter the town or city"})
    postcode = forms.CharField(label="Postcode", max_length=10, widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "postal-code"}),
                               error_messages={"required": "Enter the postcode"})
    moved_in = GovukDateField(label="Date moved in (optional)", required=False, not_future=True)

    def clean_postcode(self):
        value = self.cleaned_data["postcode"]
        if not is_valid_postcode(value):
            raise forms.ValidationError("Enter a real postcode, like SW1A 1AA")
        return value


class RelationshipForm(GovukForm):
    name = forms.CharField(label="Full name", max_length=200, error_messages={"required": "Enter the person's full name"})
    relationship = forms.ChoiceField(label="Relationship to the child", choices=[("", "Select a relationship")] + RelationshipType.choices,
                                     error_messages={"required": "Select the relationship to the child"})
    organisation = forms.CharField(label="Organisation (for professionals)", max_length=200, required=False)
    phone = forms.CharField(label="Phone number (optional)", max_length=40, required=False,
                            widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "type": "tel", "autocomplete": "off"}))
    has_parental_responsibility = forms.BooleanField(label="Has parental responsibility", required=False)
    lives_with_child = forms.BooleanField(label="Lives with the child", required=False)
    notes = forms.CharField(label="Notes (optional)", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}))
