"""Harbor Vet's contact properties: HubSpot's defaults plus the clinic's own (more than 300)."""

# ruff: noqa: E501  (property tables: one HubSpot property per line reads better than wrapped)

from __future__ import annotations

from tools.samples.build import JsonObj, filler, options, table

LIFECYCLE = [
    ("subscriber", "Subscriber"),
    ("lead", "Lead"),
    ("marketingqualifiedlead", "Marketing Qualified Lead"),
    ("salesqualifiedlead", "Sales Qualified Lead"),
    ("opportunity", "Opportunity"),
    ("customer", "Customer"),
    ("evangelist", "Evangelist"),
    ("other", "Other"),
]

CONTACT_ENUMS: dict[str, list[JsonObj]] = {
    "lifecyclestage": options(LIFECYCLE),
    "hs_lead_status": options(
        [
            ("NEW", "New"),
            ("OPEN", "Open"),
            ("IN_PROGRESS", "In Progress"),
            ("OPEN_DEAL", "Open Deal"),
            ("UNQUALIFIED", "Unqualified"),
            ("ATTEMPTED_TO_CONTACT", "Attempted to Contact"),
            ("CONNECTED", "Connected"),
            ("BAD_TIMING", "Bad Timing"),
        ]
    ),
    "hs_language": options(
        [("en", "English"), ("es", "Spanish"), ("fr", "French"), ("pt", "Portuguese")]
    ),
    "hs_persona": options(
        [("persona_1", "Pet Parent"), ("persona_2", "Breeder"), ("persona_3", "Rescue Volunteer")]
    ),
    "hs_buying_role": options(
        [
            ("BLOCKER", "Blocker"),
            ("BUDGET_HOLDER", "Budget Holder"),
            ("CHAMPION", "Champion"),
            ("DECISION_MAKER", "Decision Maker"),
            ("END_USER", "End User"),
            ("EXECUTIVE_SPONSOR", "Executive Sponsor"),
            ("INFLUENCER", "Influencer"),
            ("OTHER", "Other"),
        ]
    ),
    "hs_analytics_source": options(
        [
            ("ORGANIC_SEARCH", "Organic search"),
            ("PAID_SEARCH", "Paid search"),
            ("EMAIL_MARKETING", "Email marketing"),
            ("SOCIAL_MEDIA", "Organic social"),
            ("REFERRALS", "Referrals"),
            ("OTHER_CAMPAIGNS", "Other campaigns"),
            ("DIRECT_TRAFFIC", "Direct traffic"),
            ("OFFLINE", "Offline sources"),
            ("PAID_SOCIAL", "Paid social"),
        ]
    ),
    "hs_latest_source": options(
        [
            ("ORGANIC_SEARCH", "Organic search"),
            ("DIRECT_TRAFFIC", "Direct traffic"),
            ("OFFLINE", "Offline sources"),
            ("REFERRALS", "Referrals"),
        ]
    ),
    "hs_email_hard_bounce_reason_enum": options(
        [
            ("BLOCKED", "Blocked"),
            ("MAILBOX_FULL", "Mailbox full"),
            ("UNKNOWN_USER", "Unknown user"),
            ("OTHER", "Other"),
        ]
    ),
    "hs_email_quarantined_reason": options(
        [("SUSPENDED", "Suspended"), ("BLOCKED", "Blocked"), ("SPAM_REPORT", "Spam report")]
    ),
    "hs_legal_basis": options(
        [
            ("Legitimate interest – prospect/lead", "Legitimate interest – prospect/lead"),
            ("Legitimate interest – existing customer", "Legitimate interest – existing customer"),
            ("Performance of a contract", "Performance of a contract"),
            ("Freely given consent from contact", "Freely given consent from contact"),
        ]
    ),
    "hs_marketable_status": options(
        [("true", "Marketing contact"), ("false", "Non-marketing contact")]
    ),
    "hs_object_source": options(
        [
            ("CRM_UI", "CRM UI"),
            ("IMPORT", "Import"),
            ("FORM", "Form"),
            ("INTEGRATION", "Integration"),
            ("API", "API"),
        ]
    ),
    "hs_timezone": options(
        [
            ("us_slash_eastern", "Eastern Time"),
            ("europe_slash_london", "London"),
            ("us_slash_pacific", "Pacific Time"),
        ]
    ),
    "hs_predictivescoringtier": options(
        [
            ("tier_1", "Very good"),
            ("tier_2", "Good"),
            ("tier_3", "Fair"),
            ("tier_4", "Low"),
            ("closed_won", "Closed won"),
        ]
    ),
    "hs_pipeline": options([("contacts-lifecycle-pipeline", "Lifecycle Stage Pipeline")]),
    "gender": options(
        [
            ("female", "Female"),
            ("male", "Male"),
            ("nonbinary", "Non-binary"),
            ("undisclosed", "Prefer not to say"),
        ]
    ),
    "hs_last_sales_activity_type": options(
        [
            ("CALL", "Call"),
            ("EMAIL_REPLY", "Email reply"),
            ("MEETING_BOOKED", "Meeting booked"),
            ("FORM", "Form"),
        ]
    ),
    # The clinic's own.
    "preferred_contact_method": options(
        [("phone", "Phone"), ("email", "Email"), ("sms", "Text message")]
    ),
    "pet_species_owned": options(
        [
            ("dog", "Dog"),
            ("cat", "Cat"),
            ("bird", "Bird"),
            ("rabbit", "Rabbit"),
            ("reptile", "Reptile"),
        ]
    ),
    # A user says "Gold VIP"; the value is vip_gold. The retired tier stays as a hidden option.
    "client_tier": options(
        [
            ("standard", "Standard"),
            ("vip_gold", "Gold VIP"),
            ("vip_platinum", "Platinum VIP"),
            ("legacy_silver", "Silver (retired)"),
        ],
        hidden=("legacy_silver",),
    ),
    "referral_source": options(
        [
            ("walk_in", "Walk-in"),
            ("google", "Google search"),
            ("friend", "Friend or family"),
            ("breeder", "Breeder"),
            ("shelter", "Shelter adoption"),
        ]
    ),
    "reminder_channel": options(
        [
            ("email", "Email"),
            ("sms", "Text message"),
            ("postcard", "Postcard"),
            ("none", "No reminders"),
        ]
    ),
    "preferred_vet": options(
        [
            ("dr_okafor", "Dr. Okafor"),
            ("dr_lindqvist", "Dr. Lindqvist"),
            ("dr_marsh", "Dr. Marsh"),
            ("any", "No preference"),
        ]
    ),
    "preferred_location": options(
        [("seaport", "Seaport clinic"), ("somerville", "Somerville clinic")]
    ),
    "payment_plan": options(
        [("none", "None"), ("monthly", "Monthly wellness plan"), ("annual", "Annual wellness plan")]
    ),
}

CONTACT_INFORMATION = """
firstname | First Name | string | text | | A contact's first name
lastname | Last Name | string | text | | A contact's last name
email | Email | string | text | | A contact's email address
phone | Phone Number | string | phonenumber | | A contact's primary phone number
mobilephone | Mobile Phone Number | string | phonenumber | | A contact's mobile phone number
fax | Fax Number | string | phonenumber | | A contact's primary fax number
company | Company Name | string | text | | Name of the contact's company. This can be set independently from the name property on the contact's associated company.
jobtitle | Job Title | string | text | | A contact's job title
salutation | Salutation | string | text | | The title used to address a contact
address | Street Address | string | text | | Contact's street address, including apartment or unit number.
city | City | string | text | | A contact's city of residence
state | State/Region | string | text | | The contact's state of residence.
zip | Postal Code | string | text | | Contact's zip code. This might be set via import, form, or integration.
country | Country/Region | string | text | | The contact's country/region of residence.
website | Website URL | string | text | | Associated company website.
lifecyclestage | Lifecycle Stage | enumeration | radio | | The qualification of contacts to sales readiness.
hs_lead_status | Lead Status | enumeration | radio | | The contact's sales, prospecting or outreach status
hubspot_owner_id | Contact owner | enumeration | select | | The owner of a contact. This can be any HubSpot user or Salesforce integration user.
message | Message | string | textarea | | A default property to be used for any message or comments a contact may want to leave on a form.
hs_language | Preferred language | enumeration | select | | Set your contact's preferred language for communications.
hs_timezone | Time Zone | enumeration | select | | The contact’s time zone.
hs_persona | Persona | enumeration | radio | | A contact's persona
hs_buying_role | Buying Role | enumeration | checkbox | | Role the contact plays during the sales process.
industry | Industry | string | text | | The Industry a contact is in
annualrevenue | Annual Revenue | string | text | | Annual company revenue
numemployees | Number of Employees | string | text | | The number of company employees
date_of_birth | Date of birth | string | text | | The contact's date of birth
gender | Gender | enumeration | select | | The contact's gender
work_email | Work email | string | text | | A contact's work email.
hs_whatsapp_phone_number | WhatsApp Phone Number | string | phonenumber | | The phone number associated with the contact's WhatsApp account.
hs_additional_emails | Additional email addresses | enumeration | checkbox | ro | A set of additional email addresses for a contact
hs_email_domain | Email Domain | string | text | calc | A contact's email address domain
hs_full_name_or_email | Full name or email | string | text | calc | The full name or email of the contact
hs_calculated_phone_number | Calculated Phone Number | string | text | calc | Phone number in E.164 format derived from the phone property.
hs_calculated_mobile_number | Calculated Mobile Number | string | text | calc | Mobile number in E.164 format derived from the mobile phone property.
hs_calculated_phone_number_country_code | Calculated Phone Number Country Code | string | text | calc | Country code of the calculated phone number
hs_calculated_phone_number_area_code | Calculated Phone Number Area Code | string | text | calc | Area code of the calculated phone number
hs_calculated_phone_number_region_code | Calculated Phone Number Region | string | text | calc | Region of the calculated phone number
hs_searchable_calculated_phone_number | Phone Number (searchable) | string | text | calc hidden | The national number of the contact's phone, digits only, for search.
hs_searchable_calculated_mobile_number | Mobile Phone Number (searchable) | string | text | calc hidden | The national number of the contact's mobile phone, digits only, for search.
hs_searchable_calculated_international_phone_number | International Phone Number (searchable) | string | text | calc hidden | The phone number with country code, digits only, for search.
hs_searchable_calculated_international_mobile_number | International Mobile Number (searchable) | string | text | calc hidden | The mobile number with country code, digits only, for search.
hs_content_membership_status | Status | enumeration | select | | The status of the contact's content membership.
"""
CONTACT_INFORMATION_ENUMS = {"hs_content_membership_status": options(["active", "inactive"])}

SYSTEM = """
hs_object_id | Record ID | number | number | ro | The unique ID for this record. This value is set automatically by HubSpot.
createdate | Create Date | datetime | date | ro | The date that a contact entered the system
lastmodifieddate | Last Modified Date | datetime | date | ro | The most recent timestamp of any property update for a contact.
hs_createdate | Object create date/time | datetime | date | ro hidden | The date and time at which this object was created.
hs_lastmodifieddate | Object last modified date/time | datetime | date | ro hidden | Most recent timestamp of any property update for this object.
hs_object_source | Record source | enumeration | select | ro | Raw internal PropertySource present in the RequestMeta when this record was created.
hs_object_source_id | Record source ID | string | text | ro | Raw internal sourceId present in the RequestMeta when this record was created.
hs_object_source_label | Record source detail 1 | string | text | ro | First level of detail on how this record was created.
hs_object_source_detail_1 | Record source detail 2 | string | text | ro | Second level of detail on how this record was created.
hs_object_source_detail_2 | Record source detail 3 | string | text | ro | Third level of detail on how this record was created.
hs_object_source_detail_3 | Record source detail 4 | string | text | ro | Fourth level of detail on how this record was created.
hs_object_source_user_id | Record creation source user ID | number | number | ro | Raw internal userId present in the RequestMeta when this record was created.
hs_created_by_user_id | Created by user ID | number | number | ro | The user who created this record. This value is set automatically by HubSpot.
hs_updated_by_user_id | Updated by user ID | number | number | ro | The user who last updated this record. This value is set automatically by HubSpot.
hs_all_owner_ids | All owner IDs | enumeration | checkbox | ro | Values of all default and custom owner properties for this record.
hs_all_team_ids | All team IDs | enumeration | checkbox | ro | The team IDs, including the team hierarchy, of all default and custom owner properties for this record.
hs_all_accessible_team_ids | All teams | enumeration | checkbox | ro | The team IDs, including the team hierarchy, of all default and custom owner properties for this record.
hs_user_ids_of_all_owners | User IDs of all owners | enumeration | checkbox | ro | The user IDs of all owners of this record.
hs_user_ids_of_all_notification_followers | User IDs of all notification followers | enumeration | checkbox | ro | The user IDs of all users that have clicked follow within the object to opt-in to getting follow notifications
hs_merged_object_ids | Merged Contact IDs | enumeration | checkbox | ro | The list of Contact record IDs that have been merged into this Contact.
hs_was_imported | Performed in an import | bool | booleancheckbox | ro | Object is part of an import
hs_unique_creation_key | Unique creation key | string | text | ro hidden uniq | Unique property used for idempotent creates
hs_pipeline | Pipeline | enumeration | select | ro | The pipeline with which this contact is currently associated
hubspot_owner_assigneddate | Owner assigned date | datetime | date | ro | The most recent timestamp of when an owner was assigned to this record.
hubspot_team_id | HubSpot Team | enumeration | select | ro | The team of the owner of a contact.
associatedcompanyid | Primary Associated Company ID | number | number | ro | HubSpot defined ID of a contact's primary associated company in HubSpot.
associatedcompanylastupdated | Associated Company Last Updated | number | number | ro | A timestamp of the last time the associated company was modified.
hs_is_contact | Is a contact | bool | booleancheckbox | calc hidden | Is a contact, and has not been deleted.
hs_is_unworked | Contact unworked | bool | booleancheckbox | calc | Contact has not been assigned or has not been engaged after last owner assignment/re-assignment
hs_avatar_filemanager_key | Avatar FileManager key | string | text | ro hidden | The path in the FileManager CDN for this contact's avatar override image.
hs_registered_member | Registered member | bool | booleancheckbox | ro | Whether the contact is a registered member of private content.
"""
SYSTEM_ENUMS: dict[str, list[JsonObj]] = {
    "hs_all_owner_ids": [],
    "hs_all_team_ids": [],
    "hs_all_accessible_team_ids": [],
    "hs_user_ids_of_all_owners": [],
    "hs_user_ids_of_all_notification_followers": [],
    "hs_merged_object_ids": [],
    "hubspot_team_id": [],
    "hubspot_owner_id": [],
    "hs_additional_emails": [],
}

ANALYTICS = """
hs_analytics_source | Original Traffic Source | enumeration | select | calc | First known source the contact used to find your website.
hs_analytics_source_data_1 | Original Traffic Source Drill-Down 1 | string | text | calc | Additional information about the source through which the contact first found your website.
hs_analytics_source_data_2 | Original Traffic Source Drill-Down 2 | string | text | calc | Additional information about the source through which the contact first found your website.
hs_latest_source | Latest Traffic Source | enumeration | select | calc | The source of the latest session for a contact
hs_latest_source_data_1 | Latest Traffic Source Drill-Down 1 | string | text | calc | Additional information about the latest source.
hs_latest_source_data_2 | Latest Traffic Source Drill-Down 2 | string | text | calc | Additional information about the latest source.
hs_latest_source_timestamp | Latest Traffic Source Date | datetime | date | calc | The time of the latest session for a contact
hs_analytics_first_url | First Page Seen | string | text | calc | First page the contact visited on your website.
hs_analytics_last_url | Last Page Seen | string | text | calc | Last page the contact visited on your website.
hs_analytics_first_referrer | First Referring Site | string | text | calc | First website that referred the contact to your website.
hs_analytics_last_referrer | Last Referring Site | string | text | calc | Last website that referred the contact to your website.
hs_analytics_first_timestamp | Time First Seen | datetime | date | calc | First time the contact has been seen.
hs_analytics_last_timestamp | Time Last Seen | datetime | date | calc | Timestamp for most recent webpage view on your website.
hs_analytics_first_visit_timestamp | Time of First Session | datetime | date | calc | First time the contact visited your website.
hs_analytics_last_visit_timestamp | Time of Last Session | datetime | date | calc | Time of the last session the contact has made on your website.
hs_analytics_num_visits | Number of Sessions | number | number | calc | Number of times a contact has come to your website.
hs_analytics_num_page_views | Number of Pageviews | number | number | calc | Total number of pages a contact has visited on your website.
hs_analytics_num_event_completions | Number of event completions | number | number | calc | Total number of events for this contact.
hs_analytics_average_page_views | Average Pageviews | number | number | calc | Average number of pageviews per session for this contact.
hs_analytics_revenue | Event Revenue | number | number | calc | Revenue from events for this contact.
hs_analytics_first_touch_converting_campaign | First Touch Converting Campaign | string | text | calc | Campaign responsible for the first touch creation of this contact
hs_analytics_last_touch_converting_campaign | Last Touch Converting Campaign | string | text | calc | Campaign responsible for the last touch creation of this contact
first_conversion_date | First Conversion Date | datetime | date | calc | Date this contact first submitted a form.
first_conversion_event_name | First Conversion | string | text | calc | First form this contact submitted.
recent_conversion_date | Recent Conversion Date | datetime | date | calc | The date this contact last submitted a form.
recent_conversion_event_name | Recent Conversion | string | text | calc | The last form this contact submitted.
num_conversion_events | Number of Form Submissions | number | number | calc | The number of forms this contact has submitted.
num_unique_conversion_events | Number of Unique Forms Submitted | number | number | calc | The number of different forms this contact has submitted.
hs_ip_timezone | IP Timezone | string | text | calc | The timezone reported by a contact's IP address.
ip_city | IP City | string | text | calc | The city reported by a contact's IP address.
ip_state | IP State/Region | string | text | calc | The state or region reported by a contact's IP address.
ip_state_code | IP State Code/Region Code | string | text | calc | The state code or region code reported by a contact's IP address.
ip_country | IP Country | string | text | calc | The country reported by a contact's IP address.
ip_country_code | IP Country Code | string | text | calc | The country code reported by a contact's IP address.
ip_zipcode | IP Zipcode | string | text | calc hidden | The zipcode reported by a contact's IP address.
hs_google_click_id | Google ad click id | string | text | ro | The click id from Google Ads, if the contact clicked an ad.
hs_facebook_click_id | Facebook click id | string | text | ro | The click id from Facebook ads.
hs_clicked_linkedin_ad | Clicked on a LinkedIn Ad | enumeration | booleancheckbox | calc | Whether the contact clicked on a LinkedIn Ad
hs_document_last_revisited | Recent Document Revisit Date | datetime | date | calc | The last time a shared document was accessed by this contact
"""
ANALYTICS_ENUMS = {"hs_clicked_linkedin_ad": options([("true", "Yes"), ("false", "No")])}

EMAIL = """
hs_email_optout | Unsubscribed from all email | bool | booleancheckbox | ro | Indicates that the current email address has opted out of all email.
hs_email_bad_address | Invalid email address | bool | booleancheckbox | calc | The email address associated with this contact is invalid.
hs_email_bounce | Marketing emails bounced | number | number | calc | The number of marketing emails which bounced for the current email address.
hs_email_click | Marketing emails clicked | number | number | calc | The number of marketing emails which have been clicked by the current email address.
hs_email_open | Marketing emails opened | number | number | calc | The number of marketing emails which have been opened by the current email address.
hs_email_delivered | Marketing emails delivered | number | number | calc | The number of marketing emails delivered for the current email address.
hs_email_replied | Marketing emails replied | number | number | calc | The number of marketing emails which have been replied to by the current email address.
hs_email_first_send_date | First marketing email send date | datetime | date | calc | The date of the earliest delivery for any marketing email to the current email address.
hs_email_last_send_date | Last marketing email send date | datetime | date | calc | The date of the most recent delivery for any marketing email to the current email address.
hs_email_first_open_date | First marketing email open date | datetime | date | calc | The date of the earliest open for any marketing email by the current email address.
hs_email_last_open_date | Last marketing email open date | datetime | date | calc | The date of the most recent open for any marketing email by the current email address.
hs_email_first_click_date | First marketing email click date | datetime | date | calc | The date of the earliest link click for any marketing email by the current email address.
hs_email_last_click_date | Last marketing email click date | datetime | date | calc | The date of the most recent link click for any marketing email by the current email address.
hs_email_first_reply_date | First marketing email reply date | datetime | date | calc | The date of the earliest reply to any marketing email.
hs_email_last_reply_date | Last marketing email reply date | datetime | date | calc | The date of the most recent reply to any marketing email.
hs_email_last_email_name | Last marketing email name | string | text | calc | The name of the last marketing email sent to the current email address.
hs_email_quarantined | Email address quarantined | bool | booleancheckbox | calc | Indicates that the current email address has been quarantined for anti-abuse reasons.
hs_email_quarantined_reason | Email address quarantine reason | enumeration | select | calc | The reason why the email address has been quarantined.
hs_email_sends_since_last_engagement | Sends Since Last Engagement | number | number | calc | The number of marketing emails that have been sent since the last engagement.
hs_email_hard_bounce_reason_enum | Email hard bounce reason | enumeration | select | calc | The issue that caused a contact to hard bounce from your emails.
hs_email_is_ineligible | Is globally ineligible | bool | booleancheckbox | calc | The contact is globally ineligible to receive marketing email.
hs_email_recipient_fatigue_recovery_time | Email Address Recipient Fatigue Next Available Sending Time | datetime | date | calc | When the contact can receive marketing email again.
hs_emailconfirmationstatus | Email Confirmation Status | enumeration | select | ro | The status of a contact's eligibility to receive marketing email.
hs_sales_email_last_replied | Recent Sales Email Replied Date | datetime | date | calc | The last time a tracked sales email was replied to by this contact
hs_sales_email_last_opened | Recent Sales Email Opened Date | datetime | date | calc | The last time a tracked sales email was opened by this contact.
hs_sales_email_last_clicked | Recent Sales Email Clicked Date | datetime | date | calc | The last time a tracked sales email was clicked by this user
hs_last_sales_activity_timestamp | Last Engagement Date | datetime | date | calc | The last time the contact engaged with your site or a sales email, document, or meeting link.
hs_last_sales_activity_date | last sales activity date old | datetime | date | calc hidden | The date of the last sales activity
hs_last_sales_activity_type | Last Engagement Type | enumeration | select | calc | The type of the last engagement a contact performed.
hs_sa_first_engagement_date | Date of first engagement | datetime | date | calc | Date this contact first engaged with the sales team.
hs_sa_first_engagement_descr | Description of first engagement | enumeration | select | calc | A description of the contact's first engagement.
hs_sa_first_engagement_object_type | Type of first engagement | enumeration | select | calc | The object type of the contact's first engagement.
hs_sequences_is_enrolled | Currently in Sequence | bool | booleancheckbox | calc | A yes/no field that indicates whether the contact is currently in a sequence.
hs_sequences_actively_enrolled_count | Number of sequences actively enrolled | number | number | calc | The number of sequences the contact is currently enrolled in.
hs_sequences_enrolled_count | Number of sequences enrolled | number | number | calc | The number of sequences the contact has ever been enrolled in.
hs_latest_sequence_enrolled | Last sequence enrolled | number | number | calc | The last sequence the contact was enrolled in.
hs_latest_sequence_enrolled_date | Last sequence enrolled date | datetime | date | calc | When the contact was last enrolled in a sequence.
hs_latest_sequence_ended_date | Last sequence ended date | datetime | date | calc | When the contact's last sequence ended.
hs_latest_sequence_finished_date | Last sequence finished date | datetime | date | calc | When the contact last finished a sequence.
hs_latest_sequence_unenrolled_date | Last sequence unenrolled date | datetime | date | calc | When the contact was last unenrolled from a sequence.
hs_last_sms_send_date | Last SMS send date | datetime | date | calc | The date of the most recent SMS sent to the contact.
hs_marketable_status | Marketing contact status | enumeration | select | ro | The marketing status of a contact
hs_marketable_reason_type | Marketing contact status source type | enumeration | select | ro | The type of the source that set the marketing contact status.
hs_marketable_reason_id | Marketing contact status source name | string | text | ro | The name of the source that set the marketing contact status.
hs_marketable_until_renewal | Marketing contact until next update | enumeration | booleancheckbox | ro | The contact will be set as non-marketing on the next billing renewal.
hs_legal_basis | Legal basis for processing contact's data | enumeration | checkbox | | Legal basis for processing contact's data; 'Not applicable' will exempt the contact from GDPR protections
"""
EMAIL_ENUMS = {
    "hs_emailconfirmationstatus": options(
        ["Confirmed", "Confirmation Pending", "User clicked confirmation link"]
    ),
    "hs_sa_first_engagement_descr": options(
        [
            ("EMAIL_OPEN", "Opened email"),
            ("EMAIL_CLICK", "Clicked email"),
            ("MEETING_BOOKED", "Booked meeting"),
        ]
    ),
    "hs_sa_first_engagement_object_type": options(["EMAIL", "MEETING", "DOCUMENT"]),
    "hs_marketable_reason_type": options(["FORM_SUBMISSION", "IMPORT", "INTEGRATION", "MANUAL"]),
    "hs_marketable_until_renewal": options([("true", "Yes"), ("false", "No")]),
}

SALES = """
notes_last_contacted | Last Contacted | datetime | date | calc | The last time a call, chat conversation, LinkedIn message, postal mail, meeting, sales email, SMS, or WhatsApp message was logged for a contact.
notes_last_updated | Last Activity Date | datetime | date | calc | The last time a note, call, email, meeting, or task was logged for a contact.
notes_next_activity_date | Next Activity Date | datetime | date | calc | The date of the next upcoming activity for a contact.
num_contacted_notes | Number of times contacted | number | number | calc | The number of times a call, chat conversation, meeting or sales email was logged for a contact.
num_notes | Number of Sales Activities | number | number | calc | The number of sales activities for this contact.
num_associated_deals | Associated Deals | number | number | calc | Count of deals associated with this contact.
hs_num_open_deals | Number of open deals | number | number | calc | Count of open deals associated with this contact.
first_deal_created_date | First Deal Created Date | datetime | date | calc | Date the first deal for a contact was created.
recent_deal_amount | Recent Deal Amount | number | number | calc | Amount of last closed won deal associated with a contact.
recent_deal_close_date | Recent Deal Close Date | datetime | date | calc | Date last deal associated with contact was won.
total_revenue | Total Revenue | number | number | calc | The sum of all closed-won deal amounts associated with the contact.
days_to_close | Days To Close | number | number | calc | Count of days elapsed between creation and being closed as a customer.
hs_time_to_first_engagement | Time to first engagement | number | number | calc | Time from contact creation to first engagement.
hs_time_to_move_from_lead_to_customer | Time to move from lead to customer | number | number | calc | The time it took the contact to go from lead to customer.
hs_time_to_move_from_subscriber_to_customer | Time to move from subscriber to customer | number | number | calc | The time it took the contact to go from subscriber to customer.
hs_time_to_move_from_opportunity_to_customer | Time to move from opportunity to customer | number | number | calc | The time it took the contact to go from opportunity to customer.
hs_time_to_move_from_marketingqualifiedlead_to_customer | Time to move from marketing qualified lead to customer | number | number | calc | The time it took the contact to go from MQL to customer.
hs_time_to_move_from_salesqualifiedlead_to_customer | Time to move from sales qualified lead to customer | number | number | calc | The time it took the contact to go from SQL to customer.
hubspotscore | HubSpot Score | number | number | calc | The number that shows qualification of contacts to sales readiness.
hs_predictivecontactscore_v2 | Likelihood to close | number | number | calc | The probability that a contact will become a customer within the next 90 days.
hs_predictivescoringtier | Contact priority | enumeration | select | calc | A ranking system of contacts evenly assigned into four tiers.
hs_latest_meeting_activity | Latest meeting activity | datetime | date | calc | The date of the latest meeting activity with this contact.
hs_first_engagement_object_id | ID of first engagement | number | number | calc | The object id of the current contact owner's first engagement with the contact.
hs_first_outreach_date | First outreach date | datetime | date | calc | The first time a sales activity was logged for this contact.
hs_latest_disqualified_lead_date | Latest Disqualified Lead Date | datetime | date | calc | The date of the most recent disqualified lead.
hs_latest_open_lead_date | Latest Open Lead Date | datetime | date | calc | The date of the most recent open lead.
hs_latest_qualified_lead_date | Latest Qualified Lead Date | datetime | date | calc | The date of the most recent qualified lead.
hs_count_is_worked | Count of worked contacts | number | number | calc hidden | Is this contact worked (1) or not (0).
hs_count_is_unworked | Count of unworked contacts | number | number | calc hidden | Is this contact unworked (1) or not (0).
"""

SOCIAL = """
hs_social_facebook_clicks | Facebook Clicks | number | number | calc | The number of times the contact clicked links shared on Facebook.
hs_social_twitter_clicks | Twitter Clicks | number | number | calc | The number of times the contact clicked links shared on Twitter.
hs_social_linkedin_clicks | LinkedIn Clicks | number | number | calc | The number of times the contact clicked links shared on LinkedIn.
hs_social_google_plus_clicks | Google Plus Clicks | number | number | calc | The number of times the contact clicked links shared on Google Plus.
hs_social_num_broadcast_clicks | Broadcast Clicks | number | number | calc | The number of times the contact clicked links shared on social media.
hs_social_last_engagement | Most Recent Social Click | datetime | date | calc | The most recent time the contact clicked a link on social media.
hs_facebookid | Facebook ID | string | text | ro | The contact's Facebook ID.
hs_linkedinid | Linkedin ID | string | text | ro | The contact's LinkedIn ID.
hs_twitterid | Twitter ID | string | text | ro | The contact's Twitter ID.
twitterhandle | Twitter Username | string | text | | The contact's Twitter handle.
twitterbio | Twitter Bio | string | text | ro | The contact's Twitter bio.
twitterprofilephoto | Twitter Profile Photo | string | text | ro | The contact's Twitter profile photo.
followercount | Follower Count | number | number | ro | The number of Twitter followers the contact has.
linkedinbio | LinkedIn Bio | string | text | ro | The contact's LinkedIn bio.
linkedinconnections | LinkedIn Connections | number | number | ro | The number of LinkedIn connections the contact has.
hs_linkedin_url | LinkedIn URL | string | text | | The contact's LinkedIn profile URL.
"""

DEMOGRAPHICS = """
degree | Degree | string | text | | The contact's degree.
field_of_study | Field of study | string | text | | A contact's field of study.
graduation_date | Graduation date | string | text | | The contact's graduation date.
job_function | Job function | string | text | | The contact's job function.
marital_status | Marital Status | string | text | | The contact's marital status.
military_status | Military status | string | text | | The contact's military status.
relationship_status | Relationship Status | string | text | | The contact's relationship status.
school | School | string | text | | The contact's school.
seniority | Seniority | string | text | | The contact's seniority.
start_date | Start date | string | text | | The contact's start date.
"""

CLINIC = """
preferred_contact_method | Preferred contact method | enumeration | radio | | How the client prefers the clinic to reach them.
num_pets | Number of pets | number | number | | How many pets the client has registered with the clinic.
newsletter_opt_in | Newsletter opt-in | bool | booleancheckbox | | The client agreed to receive the monthly pet-care newsletter.
pet_species_owned | Pet species owned | enumeration | checkbox | | Every kind of animal the client has brought to the clinic.
last_visit_date | Last visit date | date | date | | The date of the client's most recent appointment.
client_since | Client since | datetime | date | | When the client first registered a pet with the clinic.
insurance_provider | Pet insurance provider | string | text | | The pet insurance company the client uses, if any.
client_tier | Client tier | enumeration | select | | Loyalty tier; VIP clients get priority booking and free nail trims.
referral_source | Referral source | enumeration | select | | How the client first heard about the clinic.
reminder_channel | Vaccination reminder channel | enumeration | select | | Where vaccination and check-up reminders are sent.
preferred_vet | Preferred veterinarian | enumeration | select | | The veterinarian the client asks for when booking.
preferred_location | Preferred clinic location | enumeration | radio | | The clinic location the client usually visits.
payment_plan | Payment plan | enumeration | select | | The wellness payment plan the client is on.
emergency_contact_name | Emergency contact name | string | text | | Who to call if the client cannot be reached during an emergency.
emergency_contact_phone | Emergency contact phone | string | phonenumber | | Phone number of the emergency contact.
outstanding_balance | Outstanding balance | number | number | | Unpaid amount on the client's account, in US dollars.
pms_client_id | PMS client ID | string | text | uniq | The client's ID in the clinic's practice management system.
pms_last_sync | PMS last sync | datetime | date | ro | When the practice management system last updated this contact.
portal_account_created | Client portal account created | bool | booleancheckbox | | The client has an account on the online booking portal.
consent_sms | SMS consent | bool | booleancheckbox | | The client agreed to receive text messages from the clinic.
allergy_notes | Client allergy notes | string | textarea | | Allergies of the client themselves (relevant for home visits).
home_visit_address_notes | Home visit access notes | string | textarea | | Gate codes, parking and access notes for home visits.
"""


def contact_properties() -> list[JsonObj]:
    """All contact properties of the Harbor Vet portal, in the order HubSpot lists them."""
    enums = {
        **CONTACT_ENUMS,
        **CONTACT_INFORMATION_ENUMS,
        **SYSTEM_ENUMS,
        **ANALYTICS_ENUMS,
        **EMAIL_ENUMS,
    }
    props = table(CONTACT_INFORMATION, "contactinformation", enums=enums, ordered=True)
    props += table(SYSTEM, "contactinformation", enums=enums)
    props += table(ANALYTICS, "analyticsinformation", enums=enums)
    props += table(EMAIL, "emailinformation", enums=enums)
    props += table(SALES, "sales_properties", enums=enums)
    props += table(SOCIAL, "socialmediainformation", enums=enums)
    props += table(DEMOGRAPHICS, "contactinformation", enums=enums)
    props += _lifecycle_stage_dates()
    props += table(CLINIC, "clinic_information", enums=enums, custom=True, ordered=True)
    # Imported from the previous practice-management system and old intake forms; nobody has
    # cleaned them up, as in most real portals.
    props += filler(
        "legacy_pms_field",
        "Legacy PMS field",
        "legacy_import",
        24,
        description="Column {n} of the 2025 import from the old practice management system.",
    )
    props += filler(
        "intake_form_answer",
        "Intake form answer",
        "intake_form",
        16,
        description="Answer to question {n} of the retired paper intake form.",
        start=40,
    )
    return props


def _lifecycle_stage_dates() -> list[JsonObj]:
    rows: list[str] = []
    for value, label in LIFECYCLE:
        rows.append(
            f"hs_lifecyclestage_{value}_date | Became a {label} Date | datetime | date | calc | "
            f"The date and time when the contact became a {label}."
        )
        rows.append(
            f"hs_date_entered_{value} | Date entered '{label} (Lifecycle Stage Pipeline)' | datetime | date | calc | "
            f"The date and time when the contact entered the '{label}' stage."
        )
        rows.append(
            f"hs_date_exited_{value} | Date exited '{label} (Lifecycle Stage Pipeline)' | datetime | date | calc | "
            f"The date and time when the contact exited the '{label}' stage."
        )
        rows.append(
            f"hs_time_in_{value} | Time in '{label} (Lifecycle Stage Pipeline)' | number | number | calc | "
            f"The total time in seconds spent by the contact in the '{label}' stage."
        )
    return table("\n".join(rows), "contact_activity")
