"""Harbor Vet's companies, deals, tickets, pets, calls and notes: properties and pipelines."""

# ruff: noqa: E501  (property tables: one HubSpot property per line reads better than wrapped)

from __future__ import annotations

from tools.samples.build import (
    PORTAL_CREATED,
    JsonObj,
    external,
    filler,
    options,
    pipeline,
    stage,
    table,
)

# Properties every CRM object has (``{created}`` / ``{modified}`` differ between objects).
COMMON = """
hs_object_id | Record ID | number | number | ro | The unique ID for this record. This value is set automatically by HubSpot.
hs_createdate | Object create date/time | datetime | date | ro hidden | The date and time at which this object was created.
hs_lastmodifieddate | Last Modified Date | datetime | date | ro | Most recent timestamp of any property update for this object.
hs_object_source | Record source | enumeration | select | ro | Raw internal PropertySource present in the RequestMeta when this record was created.
hs_object_source_id | Record source ID | string | text | ro | Raw internal sourceId present in the RequestMeta when this record was created.
hs_object_source_label | Record source detail 1 | string | text | ro | First level of detail on how this record was created.
hs_created_by_user_id | Created by user ID | number | number | ro | The user who created this record. This value is set automatically by HubSpot.
hs_updated_by_user_id | Updated by user ID | number | number | ro | The user who last updated this record. This value is set automatically by HubSpot.
hs_all_owner_ids | All owner IDs | enumeration | checkbox | ro | Values of all default and custom owner properties for this record.
hs_all_team_ids | All team IDs | enumeration | checkbox | ro | The team IDs of all default and custom owner properties for this record.
hs_all_accessible_team_ids | All teams | enumeration | checkbox | ro | The team IDs, including the team hierarchy, of all owner properties for this record.
hs_user_ids_of_all_owners | User IDs of all owners | enumeration | checkbox | ro | The user IDs of all owners of this record.
hs_merged_object_ids | Merged record IDs | enumeration | checkbox | ro | The list of record IDs that have been merged into this record.
hs_was_imported | Performed in an import | bool | booleancheckbox | ro | Object is part of an import
hs_unique_creation_key | Unique creation key | string | text | ro hidden uniq | Unique property used for idempotent creates
hs_shared_team_ids | Shared teams | enumeration | checkbox | | Additional teams whose users can access the record.
hs_shared_user_ids | Shared users | enumeration | checkbox | | Additional users that can access the record.
"""
COMMON_ENUMS: dict[str, list[JsonObj]] = {
    "hs_object_source": options(
        [
            ("CRM_UI", "CRM UI"),
            ("IMPORT", "Import"),
            ("FORM", "Form"),
            ("INTEGRATION", "Integration"),
            ("API", "API"),
        ]
    ),
    **{
        name: []
        for name in (
            "hs_all_owner_ids",
            "hs_all_team_ids",
            "hs_all_accessible_team_ids",
            "hs_user_ids_of_all_owners",
            "hs_merged_object_ids",
            "hs_shared_team_ids",
            "hs_shared_user_ids",
            "hubspot_owner_id",
            "hubspot_team_id",
        )
    },
}

ACTIVITY = """
notes_last_contacted | Last Contacted | datetime | date | calc | The last time a call, chat conversation, meeting, sales email or message was logged for this record.
notes_last_updated | Last Activity Date | datetime | date | calc | The last time a note, call, email, meeting, or task was logged for this record.
notes_next_activity_date | Next Activity Date | datetime | date | calc | The date of the next upcoming activity for this record.
num_contacted_notes | Number of times contacted | number | number | calc | The number of times a call, chat conversation, meeting or sales email was logged.
num_notes | Number of Sales Activities | number | number | calc | The number of sales activities for this record.
hs_last_sales_activity_timestamp | Last Engagement Date | datetime | date | calc | The last time a contact engaged with this record.
hs_latest_meeting_activity | Latest meeting activity | datetime | date | calc | The date of the latest meeting activity.
hubspot_owner_id | Owner | enumeration | select | | The owner of the record.
hubspot_owner_assigneddate | Owner assigned date | datetime | date | ro | The most recent timestamp of when an owner was assigned to this record.
hubspot_team_id | HubSpot Team | enumeration | select | ro | The primary team of the record owner.
"""


def common(created_label: str = "Create Date") -> list[JsonObj]:
    """``createdate`` plus the system and activity properties shared by companies, deals, tickets."""
    created = f"createdate | {created_label} | datetime | date | | The date the record was created in HubSpot."
    return table(created + "\n" + COMMON + ACTIVITY, "system", enums=COMMON_ENUMS)


def analytics(noun: str) -> list[JsonObj]:
    """Source-tracking properties HubSpot adds to companies and deals."""
    names = [
        ("hs_analytics_source", "Original Traffic Source", "First known source of the {noun}."),
        (
            "hs_analytics_source_data_1",
            "Original Traffic Source Drill-Down 1",
            "Details of the original source of the {noun}.",
        ),
        (
            "hs_analytics_source_data_2",
            "Original Traffic Source Drill-Down 2",
            "More details of the original source of the {noun}.",
        ),
        (
            "hs_analytics_latest_source",
            "Latest Traffic Source",
            "The source of the latest session for the {noun}.",
        ),
        (
            "hs_analytics_latest_source_data_1",
            "Latest Traffic Source Drill-Down 1",
            "Details of the latest source of the {noun}.",
        ),
        (
            "hs_analytics_latest_source_data_2",
            "Latest Traffic Source Drill-Down 2",
            "More details of the latest source of the {noun}.",
        ),
        (
            "hs_analytics_latest_source_timestamp",
            "Latest Traffic Source Timestamp",
            "When the latest source of the {noun} was seen.",
        ),
    ]
    rows = []
    for name, label, desc in names:
        is_enum = name in ("hs_analytics_source", "hs_analytics_latest_source")
        kind = (
            "enumeration | select"
            if is_enum
            else ("datetime | date" if name.endswith("timestamp") else "string | text")
        )
        rows.append(f"{name} | {label} | {kind} | calc | {desc.format(noun=noun)}")
    source = options(
        [
            ("ORGANIC_SEARCH", "Organic search"),
            ("DIRECT_TRAFFIC", "Direct traffic"),
            ("OFFLINE", "Offline sources"),
            ("REFERRALS", "Referrals"),
        ]
    )
    return table(
        "\n".join(rows),
        "analyticsinformation",
        enums={"hs_analytics_source": source, "hs_analytics_latest_source": source},
    )


# --------------------------------------------------------------------------------------------
# Companies

INDUSTRIES = [
    ("VETERINARY", "Veterinary"),
    ("ANIMAL_CARE", "Animal Care"),
    ("RETAIL", "Retail"),
    ("NON_PROFIT_ORGANIZATION_MANAGEMENT", "Non-Profit Organization Management"),
    ("LAW_ENFORCEMENT", "Law Enforcement"),
    ("FARMING", "Farming"),
    ("HOSPITALITY", "Hospitality"),
    ("CONSUMER_SERVICES", "Consumer Services"),
    ("EDUCATION_MANAGEMENT", "Education Management"),
    ("RECREATIONAL_FACILITIES_AND_SERVICES", "Recreational Facilities and Services"),
]

COMPANY_INFO = """
name | Company name | string | text | | The name of the company or organization.
domain | Company Domain Name | string | text | | The domain name of the company or organization.
phone | Phone Number | string | phonenumber | | A company's primary phone number.
website | Website URL | string | text | | The main website of the company or organization.
industry | Industry | enumeration | select | | The type of business the company performs.
type | Type | enumeration | select | | The type of business relationship: prospect, partner, reseller, vendor...
description | Description | string | textarea | | A short statement about the company's mission and goals.
address | Street Address | string | text | | Street address of the company or organization, including unit number.
address2 | Street Address 2 | string | text | | The additional address of the company or organization.
city | City | string | text | | The city where the company is located.
state | State/Region | string | text | | The state or region where the company is located.
zip | Postal Code | string | text | | The postal or zip code of the company or organization.
country | Country/Region | string | text | | The country/region in which the company or organization is located.
timezone | Time Zone | string | text | | The time zone where the company or organization is located.
numberofemployees | Number of Employees | number | number | | The total number of employees who work for the company or organization.
annualrevenue | Annual Revenue | number | number | | The actual or estimated annual revenue of the company.
founded_year | Year Founded | string | text | | Year the company was created.
is_public | Is Public | bool | booleancheckbox | | Indicates that the company is publicly traded.
lifecyclestage | Lifecycle Stage | enumeration | radio | | The qualification of companies to sales readiness throughout the buying journey.
hs_lead_status | Lead Status | enumeration | radio | | The company's sales, prospecting or outreach status
facebook_company_page | Facebook Company Page | string | text | | The URL of the Facebook company page.
linkedin_company_page | LinkedIn Company Page | string | text | | The URL of the LinkedIn company page.
twitterhandle | Twitter Handle | string | text | | The main Twitter handle of the company.
hs_parent_company_id | Parent Company | number | number | ro | The object id of the current company's parent company.
hs_num_child_companies | Number of child companies | number | number | calc | The number of child companies of this company.
num_associated_contacts | Number of Associated Contacts | number | number | calc | The number of contacts associated with this company.
num_associated_deals | Number of Associated Deals | number | number | calc | The number of deals associated with this company.
hs_num_open_deals | Number of open deals | number | number | calc | The number of open deals associated with this company.
total_revenue | Total Revenue | number | number | calc | The total amount of closed won deals.
recent_deal_amount | Recent Deal Amount | number | number | calc | The amount of the last closed won deal associated with the company.
recent_deal_close_date | Recent Deal Close Date | datetime | date | calc | The date of the last closed won deal associated with the company.
first_deal_created_date | First Deal Created Date | datetime | date | calc | The create date of the first deal associated with the company.
days_to_close | Days to Close | number | number | calc | The number of days between company creation and the first closed won deal.
first_contact_createdate | First Contact Create Date | datetime | date | calc | The date that the first contact from this company entered the system.
hs_ideal_customer_profile | Ideal Customer Profile Tier | enumeration | radio | | A fit score for the company.
hs_target_account | Target Account | bool | booleancheckbox | | The company is marked as a target account.
hs_is_target_account | Is Target Account | bool | booleancheckbox | calc hidden | The company is marked as a target account.
hs_logo_url | Logo URL | string | text | | Logo URL of the company.
hs_pipeline | Pipeline | enumeration | select | ro | The pipeline of the company's lifecycle stage.
web_technologies | Web Technologies | enumeration | checkbox | ro | Web technologies used by the company.
hs_country_code | Country/Region Code | string | text | | The two-letter country code of the company.
hs_state_code | State/Region Code | string | text | | The state or region code of the company.
hs_time_in_customer | Time in 'Customer (Lifecycle Stage Pipeline)' | number | number | calc | Time in seconds the company spent as a customer.
hs_date_entered_customer | Date entered 'Customer (Lifecycle Stage Pipeline)' | datetime | date | calc | When the company became a customer.
hs_date_entered_lead | Date entered 'Lead (Lifecycle Stage Pipeline)' | datetime | date | calc | When the company became a lead.
hs_date_entered_opportunity | Date entered 'Opportunity (Lifecycle Stage Pipeline)' | datetime | date | calc | When the company became an opportunity.
"""
COMPANY_CLINIC = """
account_type | Account type | enumeration | select | | What kind of partner organisation this is for the clinic.
kennel_capacity | Kennel capacity | number | number | | Number of animals the partner can board.
billing_contact_email | Billing contact email | string | text | | Where the clinic sends this account's invoices.
discount_rate | Partner discount rate | number | number | | Discount percentage on treatments for this partner's animals.
contract_renewal_date | Contract renewal date | date | date | | When the partner agreement renews.
after_hours_phone | After-hours phone | string | phonenumber | | Number to call outside business hours.
"""
COMPANY_ENUMS = {
    "industry": options(INDUSTRIES),
    "type": options(
        [
            ("PROSPECT", "Prospect"),
            ("PARTNER", "Partner"),
            ("RESELLER", "Reseller"),
            ("VENDOR", "Vendor"),
            ("OTHER", "Other"),
        ]
    ),
    "lifecyclestage": options(
        [
            ("subscriber", "Subscriber"),
            ("lead", "Lead"),
            ("opportunity", "Opportunity"),
            ("customer", "Customer"),
            ("other", "Other"),
        ]
    ),
    "hs_lead_status": options(
        [
            ("NEW", "New"),
            ("OPEN", "Open"),
            ("IN_PROGRESS", "In Progress"),
            ("CONNECTED", "Connected"),
        ]
    ),
    "hs_ideal_customer_profile": options(
        [("tier_1", "Tier 1"), ("tier_2", "Tier 2"), ("tier_3", "Tier 3")]
    ),
    "hs_pipeline": options([("companies-lifecycle-pipeline", "Lifecycle Stage Pipeline")]),
    "web_technologies": options(["google_analytics", "wordpress", "shopify", "squarespace"]),
    "account_type": options(
        [
            ("kennel", "Boarding kennel"),
            ("shelter", "Shelter or rescue"),
            ("groomer", "Groomer"),
            ("k9_unit", "Police K9 unit"),
            ("farm", "Farm"),
            ("supplier", "Supplier"),
        ]
    ),
}


def company_properties() -> list[JsonObj]:
    props = table(COMPANY_INFO, "companyinformation", enums=COMPANY_ENUMS, ordered=True)
    props += common()
    props += analytics("company")
    props += table(
        COMPANY_CLINIC, "partner_information", enums=COMPANY_ENUMS, custom=True, ordered=True
    )
    props += filler(
        "legacy_account_field",
        "Legacy account field",
        "legacy_import",
        14,
        description="Column {n} of the partner-accounts spreadsheet imported in 2025.",
        start=70,
    )
    return props


# --------------------------------------------------------------------------------------------
# Deals

DEAL_INFO = """
dealname | Deal Name | string | text | | The name given to this deal.
amount | Amount | number | number | | The total amount of the deal
closedate | Close Date | datetime | date | | Date the deal was closed. Set automatically by HubSpot.
pipeline | Pipeline | enumeration | select | | The pipeline the deal is in. This determines the stages options for the deal.
dealstage | Deal Stage | enumeration | select | | The stage of the deal. Deal stages allow you to categorize and track the progress of the deals that you are working on.
dealtype | Deal Type | enumeration | radio | | The type of deal. By default, categorize your deal as either New Business or Existing Business.
hs_priority | Priority | enumeration | select | | The priority of the deal
description | Deal Description | string | textarea | | Description of the deal
closed_lost_reason | Closed Lost Reason | string | textarea | | Reason why this deal was lost
closed_won_reason | Closed Won Reason | string | textarea | | Reason why this deal was won
hs_next_step | Next step | string | textarea | | A short description of the next step for the deal.
hs_deal_stage_probability | Deal probability | number | number | calc | The probability a deal will close. This defaults to the deal stage probability setting.
hs_forecast_amount | Forecast amount | number | number | calc | The deal amount multiplied by the forecast probability.
hs_forecast_category | Forecast category | enumeration | select | | The forecast category of the deal.
hs_forecast_probability | Forecast probability | number | number | | The forecast probability of the deal.
hs_manual_forecast_category | Forecast category (manual) | enumeration | select | | Manually set forecast category.
amount_in_home_currency | Amount in company currency | number | number | calc | The amount of the deal in the company's currency.
deal_currency_code | Currency | enumeration | select | | Currency code for the deal.
hs_acv | Annual contract value | number | number | calc | The annual contract value of this deal.
hs_arr | Annual recurring revenue | number | number | calc | The annual recurring revenue of this deal.
hs_mrr | Monthly recurring revenue | number | number | calc | The monthly recurring revenue of this deal.
hs_tcv | Total contract value | number | number | calc | The total contract value of this deal.
hs_is_closed | Is Deal Closed? | bool | booleancheckbox | calc | True if the deal is in a closed stage.
hs_is_closed_won | Is Closed Won | bool | booleancheckbox | calc | True if the deal was won.
hs_is_closed_lost | Is closed lost | bool | booleancheckbox | calc | True if the deal was lost.
hs_closed_amount | Closed Deal Amount | number | number | calc | Returns the amount if the deal is closed won.
hs_projected_amount | Weighted amount | number | number | calc | Returns the amount multiplied by the stage probability.
days_to_close | Days to close | number | number | calc | The number of days the deal took to close
hs_days_to_close_raw | Days to close (without rounding) | number | number | calc hidden | The number of days the deal took to close, unrounded.
num_associated_contacts | Number of Associated Contacts | number | number | calc | The number of contacts associated with this deal
hs_num_associated_deal_splits | Number of deal splits | number | number | calc | The number of deal splits on this deal.
hs_num_target_accounts | Number of target accounts | number | number | calc | The number of target accounts associated with this deal.
hs_date_entered_closedwon | Date entered 'Closed Won (Sales Pipeline)' | datetime | date | calc | When the deal entered Closed Won.
hs_date_entered_closedlost | Date entered 'Closed Lost (Sales Pipeline)' | datetime | date | calc | When the deal entered Closed Lost.
hs_time_in_appointmentscheduled | Time in 'Appointment Scheduled (Sales Pipeline)' | number | number | calc | Seconds spent in Appointment Scheduled.
hs_time_in_contractsent | Time in 'Contract Sent (Sales Pipeline)' | number | number | calc | Seconds spent in Contract Sent.
hs_campaign | HubSpot Campaign | string | text | | The marketing campaign this deal is attributed to.
hs_deal_score | Deal Score | number | number | calc | The predictive deal score.
hs_likelihood_to_close | Likelihood to close by the close date | number | number | calc | Probability the deal closes by its close date.
engagements_last_meeting_booked | Date of last meeting booked in meetings tool | datetime | date | calc | The last meeting booked for this deal.
hs_latest_approval_status | Latest approval status | string | text | calc | The status of the latest approval request.
"""
DEAL_CLINIC = """
plan_level | Wellness plan level | enumeration | select | | The level of the wellness plan being sold.
number_of_animals | Animals covered | number | number | | How many animals the plan or contract covers.
billing_frequency | Billing frequency | enumeration | radio | | How often the client is billed.
plan_start_date | Plan start date | date | date | | First day of coverage.
"""
DEAL_ENUMS = {
    "dealtype": options(
        [("newbusiness", "New Business"), ("existingbusiness", "Existing Business")]
    ),
    "hs_priority": options([("low", "Low"), ("medium", "Medium"), ("high", "High")]),
    "hs_forecast_category": options(
        [
            ("OMIT", "Not forecasted"),
            ("PIPELINE", "Pipeline"),
            ("BEST_CASE", "Best case"),
            ("COMMIT", "Commit"),
            ("CLOSED", "Closed won"),
        ]
    ),
    "hs_manual_forecast_category": options(
        [
            ("OMIT", "Not forecasted"),
            ("PIPELINE", "Pipeline"),
            ("BEST_CASE", "Best case"),
            ("COMMIT", "Commit"),
            ("CLOSED", "Closed won"),
        ]
    ),
    "deal_currency_code": options(
        [("USD", "US Dollar"), ("GBP", "British Pound"), ("EUR", "Euro")]
    ),
    "plan_level": options(
        [
            ("puppy_kitten", "Puppy & Kitten"),
            ("adult_essentials", "Adult Essentials"),
            ("senior_plus", "Senior Plus"),
        ]
    ),
    "billing_frequency": options([("monthly", "Monthly"), ("annually", "Annually")]),
    "pipeline": [],
    "dealstage": [],
}


def deal_properties() -> list[JsonObj]:
    props = table(DEAL_INFO, "dealinformation", enums=DEAL_ENUMS, ordered=True)
    props = [external(p) if p["name"] in ("pipeline", "dealstage") else p for p in props]
    props += common()
    props += analytics("deal")
    props += table(DEAL_CLINIC, "wellness_plan", enums=DEAL_ENUMS, custom=True, ordered=True)
    props += filler(
        "legacy_deal_field",
        "Legacy deal field",
        "legacy_import",
        8,
        description="Column {n} of the 2025 deals import.",
        start=90,
    )
    return props


def deal_pipelines() -> list[JsonObj]:
    def deal_stage(sid: str, label: str, order: int, prob: str, stamp: str = "") -> JsonObj:
        closed = "true" if prob in ("1.0", "0.0") else "false"
        meta = {"isClosed": closed, "probability": prob}
        return (
            stage(sid, label, order, meta, stamp=stamp) if stamp else stage(sid, label, order, meta)
        )

    sales = pipeline(
        "default",
        "Sales Pipeline",
        0,
        [
            deal_stage("appointmentscheduled", "Appointment Scheduled", 0, "0.2"),
            deal_stage("qualifiedtobuy", "Qualified To Buy", 1, "0.4"),
            deal_stage("presentationscheduled", "Presentation Scheduled", 2, "0.6"),
            deal_stage("decisionmakerboughtin", "Decision Maker Bought-In", 3, "0.8"),
            deal_stage("contractsent", "Contract Sent", 4, "0.9"),
            deal_stage("closedwon", "Closed Won", 5, "1.0"),
            deal_stage("closedlost", "Closed Lost", 6, "0.0"),
        ],
    )
    wellness = pipeline(
        "wellness_plans",
        "Wellness Plans",
        1,
        [
            deal_stage("1234567", "Inquiry", 0, "0.1", PORTAL_CREATED),
            deal_stage("1234568", "Plan proposed", 1, "0.5", PORTAL_CREATED),
            deal_stage("1234569", "Enrolled", 2, "1.0", PORTAL_CREATED),
            deal_stage("1234570", "Declined", 3, "0.0", PORTAL_CREATED),
        ],
        stamp=PORTAL_CREATED,
    )
    return [sales, wellness]


# --------------------------------------------------------------------------------------------
# Tickets

TICKET_INFO = """
subject | Ticket name | string | text | | Short summary of ticket
content | Ticket description | string | textarea | | Text in body of the ticket
hs_pipeline | Pipeline | enumeration | select | | The pipeline that contains this ticket
hs_pipeline_stage | Ticket status | enumeration | select | | The pipeline stage that contains this ticket
hs_ticket_priority | Priority | enumeration | select | | The level of attention needed on the ticket
hs_ticket_category | Category | enumeration | checkbox | | Main reason customer reached out for help
source_type | Source | enumeration | select | | Channel where ticket was originally submitted
hs_resolution | Resolution | enumeration | select | | The action taken to resolve this ticket
closed_date | Close date | datetime | date | | The date the ticket was closed
first_agent_reply_date | First agent email reply date | datetime | date | calc | The date for the first agent email reply on the ticket.
last_reply_date | Last response date | datetime | date | calc | The last time a response was sent from your team to the customer.
last_engagement_date | Last customer reply date | datetime | date | calc | The last time the customer replied.
time_to_close | Time to close | number | number | calc | The time in milliseconds it took to close the ticket.
time_to_first_agent_reply | Time to first agent email reply | number | number | calc | Time in milliseconds until the first agent email reply.
hs_time_to_first_response_sla_status | Time to first response SLA status | enumeration | select | calc | Whether the first response met the SLA.
hs_time_to_close_sla_status | Time to close SLA status | enumeration | select | calc | Whether the close time met the SLA.
hs_is_closed | Is ticket closed | bool | booleancheckbox | calc | True if the ticket is in a closed stage.
hs_num_times_contacted | Number of times contacted | number | number | calc | The number of times the customer was contacted about the ticket.
hs_num_associated_companies | Number of associated companies | number | number | calc | The number of companies associated with this ticket.
hs_nextactivitydate | Next activity date | datetime | date | calc | The date of the next upcoming activity for this ticket.
hs_ticket_id | Ticket ID | number | number | ro | The unique ID of the ticket.
hs_file_upload | File upload | string | file | | Files attached to a support form by the contact.
hs_tag_ids | Tags | enumeration | checkbox | | Tags used to organise tickets.
hs_originating_email_engagement_id | Originating email ID | number | number | ro | The ID of the email that created the ticket.
hs_date_entered_1 | Date entered 'New (Support Pipeline)' | datetime | date | calc | When the ticket entered New.
hs_date_entered_4 | Date entered 'Closed (Support Pipeline)' | datetime | date | calc | When the ticket entered Closed.
hs_time_in_1 | Time in 'New (Support Pipeline)' | number | number | calc | Seconds spent in New.
hs_time_in_2 | Time in 'Waiting on contact (Support Pipeline)' | number | number | calc | Seconds spent waiting on the contact.
"""
TICKET_CLINIC = """
pet_name_mentioned | Pet name | string | text | | The pet the request is about, as the caller named it.
callback_requested | Callback requested | bool | booleancheckbox | | The client asked to be called back.
preferred_callback_time | Preferred callback time | enumeration | select | | When the client prefers a callback.
"""
TICKET_ENUMS = {
    "hs_ticket_priority": options(
        [("LOW", "Low"), ("MEDIUM", "Medium"), ("HIGH", "High"), ("URGENT", "Urgent")]
    ),
    "hs_ticket_category": options(
        [
            ("PRODUCT_ISSUE", "Product issue"),
            ("BILLING_ISSUE", "Billing issue"),
            ("FEATURE_REQUEST", "Feature request"),
            ("GENERAL_INQUIRY", "General inquiry"),
            ("APPOINTMENT", "Appointment"),
            ("PRESCRIPTION_REFILL", "Prescription refill"),
            ("TEST_RESULTS", "Test results"),
        ]
    ),
    "source_type": options(
        [("CHAT", "Chat"), ("EMAIL", "Email"), ("FORM", "Form"), ("PHONE", "Phone")]
    ),
    "hs_resolution": options(
        [
            ("ISSUE_FIXED", "Issue fixed"),
            ("ANSWERED_QUESTION", "Answered question"),
            ("NO_RESPONSE", "No response"),
            ("OTHER", "Other"),
        ]
    ),
    "hs_time_to_first_response_sla_status": options(["SLA_MET", "SLA_MISSED", "SLA_PENDING"]),
    "hs_time_to_close_sla_status": options(["SLA_MET", "SLA_MISSED", "SLA_PENDING"]),
    "hs_tag_ids": [],
    "preferred_callback_time": options(
        [("morning", "Morning"), ("afternoon", "Afternoon"), ("evening", "Evening")]
    ),
    "hs_pipeline": [],
    "hs_pipeline_stage": [],
}


def ticket_properties() -> list[JsonObj]:
    props = table(TICKET_INFO, "ticketinformation", enums=TICKET_ENUMS, ordered=True)
    props = [external(p) if p["name"] in ("hs_pipeline", "hs_pipeline_stage") else p for p in props]
    props += common()
    props += table(TICKET_CLINIC, "clinic_request", enums=TICKET_ENUMS, custom=True, ordered=True)
    props += filler(
        "legacy_ticket_field",
        "Legacy ticket field",
        "legacy_import",
        6,
        description="Column {n} of the old help-desk export.",
        start=110,
    )
    return props


def ticket_pipelines() -> list[JsonObj]:
    def ticket_stage(sid: str, label: str, order: int, state: str, stamp: str = "") -> JsonObj:
        meta = {"ticketState": state}
        return (
            stage(sid, label, order, meta, stamp=stamp) if stamp else stage(sid, label, order, meta)
        )

    support = pipeline(
        "0",
        "Support Pipeline",
        0,
        [
            ticket_stage("1", "New", 0, "OPEN"),
            ticket_stage("2", "Waiting on contact", 1, "OPEN"),
            ticket_stage("3", "Waiting on us", 2, "OPEN"),
            ticket_stage("4", "Closed", 3, "CLOSED"),
        ],
    )
    requests = pipeline(
        "7733001",
        "Clinic Requests",
        1,
        [
            ticket_stage("7733002", "Received", 0, "OPEN", PORTAL_CREATED),
            ticket_stage("7733003", "In progress", 1, "OPEN", PORTAL_CREATED),
            ticket_stage("7733004", "Ready for pickup", 2, "OPEN", PORTAL_CREATED),
            ticket_stage("7733005", "Done", 3, "CLOSED", PORTAL_CREATED),
        ],
        stamp=PORTAL_CREATED,
    )
    return [support, requests]
