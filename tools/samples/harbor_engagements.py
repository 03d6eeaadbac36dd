"""Harbor Vet's custom object ``pets`` and the call and note engagements: their properties."""

# ruff: noqa: E501  (property tables: one HubSpot property per line reads better than wrapped)

from __future__ import annotations

from tools.samples.build import JsonObj, options, table
from tools.samples.harbor_objects import COMMON_ENUMS

# --------------------------------------------------------------------------------------------
# Pets (custom object 2-9876543)

PET_INFO = """
pet_name | Pet name | string | text | | The pet's name.
species | Species | enumeration | select | | What kind of animal the pet is.
breed | Breed | string | text | | The pet's breed, as the owner describes it.
date_of_birth | Date of birth | date | date | | The pet's date of birth (estimated for rescues).
weight_kg | Weight (kg) | number | number | | Weight at the last visit, in kilograms.
microchip_id | Microchip ID | string | text | uniq | The 15-digit ISO microchip number.
neutered | Neutered or spayed | bool | booleancheckbox | | The pet has been neutered or spayed.
sex | Sex | enumeration | radio | | The pet's sex.
colour | Colour and markings | string | text | | Coat colour and distinctive markings.
vaccination_status | Vaccination status | enumeration | select | | Whether core vaccinations are current.
next_vaccination_due | Next vaccination due | date | date | | When the next core vaccination is due.
allergies | Allergies | string | textarea | | Known allergies and drug sensitivities.
medical_alerts | Medical alerts | string | textarea | | Conditions staff must know before handling the pet.
deceased | Deceased | bool | booleancheckbox | | The pet has died; stop all reminders.
insurance_policy_number | Insurance policy number | string | text | | The pet's insurance policy number.
"""
PET_SYSTEM = """
hs_object_id | Record ID | number | number | ro | The unique ID for this record. This value is set automatically by HubSpot.
hs_createdate | Object create date/time | datetime | date | ro | The date and time at which this object was created.
hs_lastmodifieddate | Object last modified date/time | datetime | date | ro | Most recent timestamp of any property update for this object.
hs_object_source | Record source | enumeration | select | ro | Raw internal PropertySource present in the RequestMeta when this record was created.
hs_created_by_user_id | Created by user ID | number | number | ro | The user who created this record.
hs_updated_by_user_id | Updated by user ID | number | number | ro | The user who last updated this record.
hs_all_owner_ids | All owner IDs | enumeration | checkbox | ro | Values of all owner properties for this record.
hs_merged_object_ids | Merged record IDs | enumeration | checkbox | ro | The list of record IDs merged into this record.
hs_was_imported | Performed in an import | bool | booleancheckbox | ro | Object is part of an import
hs_unique_creation_key | Unique creation key | string | text | ro hidden uniq | Unique property used for idempotent creates
hubspot_owner_id | Owner | enumeration | select | | The owner of the record.
"""
PET_ENUMS = {
    **COMMON_ENUMS,
    "species": options(
        [
            ("dog", "Dog"),
            ("cat", "Cat"),
            ("bird", "Bird"),
            ("rabbit", "Rabbit"),
            ("reptile", "Reptile"),
            ("other", "Other"),
        ]
    ),
    "sex": options([("female", "Female"), ("male", "Male"), ("unknown", "Unknown")]),
    "vaccination_status": options(
        [
            ("current", "Up to date"),
            ("due_soon", "Due soon"),
            ("overdue", "Overdue"),
            ("exempt", "Medically exempt"),
        ]
    ),
}


def pet_properties() -> list[JsonObj]:
    props = table(PET_INFO, "pet_information", enums=PET_ENUMS, custom=True, ordered=True)
    # HubSpot creates these on every custom object; they count as HubSpot-defined.
    props += table(PET_SYSTEM, "pet_information", enums=PET_ENUMS)
    return props


# --------------------------------------------------------------------------------------------
# Calls and notes (engagements)

CALL_STATUSES = [
    "BUSY",
    "CALLING_CRM_USER",
    "CANCELED",
    "COMPLETED",
    "CONNECTING",
    "FAILED",
    "IN_PROGRESS",
    "NO_ANSWER",
    "QUEUED",
    "RINGING",
    "MISSED",
]
ENGAGEMENT_COMMON = """
hs_timestamp | Activity date | datetime | date | | The date and time the activity happened; it positions the activity on the record timeline.
hubspot_owner_id | Activity assigned to | enumeration | select | | The user the activity is assigned to.
hs_attachment_ids | Attached file IDs | enumeration | checkbox | | The IDs of the files attached to the activity, separated by semicolons.
hs_activity_type | Call and meeting type | enumeration | select | | The type of the activity.
hs_object_id | Record ID | number | number | ro | The unique ID for this record. This value is set automatically by HubSpot.
hs_createdate | Create date | datetime | date | ro | The date and time at which this object was created.
hs_lastmodifieddate | Last modified date | datetime | date | ro | Most recent timestamp of any property update for this object.
hs_created_by | Created by | number | number | ro | The user who created the activity.
hs_modified_by | Last modified by | number | number | ro | The user who last modified the activity.
hs_all_owner_ids | All owner IDs | enumeration | checkbox | ro | Values of all owner properties for this record.
hs_unique_creation_key | Unique creation key | string | text | ro hidden uniq | Unique property used for idempotent creates
hs_engagement_source | Activity source | string | text | ro | Where the activity was created.
hs_body_preview | Body preview | string | text | calc | A plain-text preview of the activity body.
hs_body_preview_html | Body preview HTML | string | html | calc | An HTML preview of the activity body.
"""
CALL_INFO = """
hs_call_title | Call title | string | text | | The title of the call.
hs_call_body | Call notes | string | html | | The description of the call, including any notes.
hs_call_direction | Call direction | enumeration | select | | The direction of the call from the perspective of the HubSpot user.
hs_call_duration | Call duration | number | number | | The duration of the call in milliseconds.
hs_call_from_number | From number | string | text | | The phone number the call was made from.
hs_call_to_number | To number | string | text | | The phone number that received the call.
hs_call_status | Call status | enumeration | select | | The status of the call.
hs_call_disposition | Call outcome | enumeration | select | | The outcome of the call.
hs_call_recording_url | Recording URL | string | text | | The URL of the call recording (HTTPS, .mp3 or .wav).
hs_call_source | Call source | enumeration | select | | The source of the call; INTEGRATIONS_PLATFORM for calls logged through an integration.
hs_call_callee_object_id | Callee object ID | number | number | | The ID of the HubSpot record associated with the call.
hs_call_callee_object_type | Callee object type | enumeration | select | | The type of the record associated with the call.
hs_call_has_voicemail | Has voicemail | bool | booleancheckbox | | Whether the call left a voicemail.
hs_call_has_transcript | Has transcript | bool | booleancheckbox | calc | Whether the call has a transcript.
hs_call_transcription_id | Transcription ID | number | number | ro | The ID of the call transcript.
hs_call_external_id | External call ID | string | text | | The ID of the call in the calling provider.
hs_call_app_id | Calling app ID | number | number | ro | The ID of the app that logged the call.
hs_call_zoom_meeting_uuid | Zoom meeting UUID | string | text | ro | The Zoom meeting the call belongs to.
"""
CALL_ENUMS = {
    **COMMON_ENUMS,
    "hs_attachment_ids": [],
    "hs_activity_type": options(["Check-up call", "Follow-up", "Appointment booking"]),
    "hs_call_direction": options([("INBOUND", "Inbound"), ("OUTBOUND", "Outbound")]),
    "hs_call_status": options([(s, s.replace("_", " ").capitalize()) for s in CALL_STATUSES]),
    "hs_call_disposition": options(
        [
            ("9d9162e7-6cf3-4944-bf63-4dff82258764", "Busy"),
            ("f240bbac-87c9-4f6e-bf70-924b57d47db7", "Connected"),
            ("a4c4c377-d246-4b32-a13b-75a56a4cd0ff", "Left live message"),
            ("b2cf5968-551e-4856-9783-52b3da59a7d0", "Left voicemail"),
            ("73a0d17f-1163-4015-bdd5-ec830791da20", "No answer"),
            ("17b47fee-58de-441e-a44c-c6300d46f273", "Wrong number"),
        ]
    ),
    "hs_call_source": options([("INTEGRATIONS_PLATFORM", "Integrations platform")]),
    "hs_call_callee_object_type": options([("CONTACT", "Contact"), ("COMPANY", "Company")]),
}
NOTE_INFO = """
hs_note_body | Note body | string | html | | The text of the note (HTML accepted), up to 65,536 characters.
hs_note_ms_teams_message_id | Microsoft Teams message ID | string | text | ro hidden | The Teams message the note came from.
"""


def call_properties() -> list[JsonObj]:
    return table(CALL_INFO, "call", enums=CALL_ENUMS, ordered=True) + table(
        ENGAGEMENT_COMMON, "engagement", enums=CALL_ENUMS
    )


def note_properties() -> list[JsonObj]:
    return table(NOTE_INFO, "note", ordered=True) + table(
        ENGAGEMENT_COMMON, "engagement", enums=CALL_ENUMS
    )
