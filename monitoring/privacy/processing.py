"""The record of processing activities (verwerkingsregister, AVG art. 30), generated from
the models.

Every model that holds personal data has one annotation in ``ANNOTATIONS``: purpose,
categories of data subjects, categories of data, and retention. ``personal_data_models``
finds those models by walking ``apps.get_models()`` (a link to a student or a member of
staff, an e-mail or IP address, or a field known to hold a person's data), and
tests/monitoring/test_processing_register.py fails when one has no annotation — so a new
model cannot slip past the register. The fields listed on the page come from the model
itself, so the register follows the code.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

#: Field names that hold a person's data even without a link to a person.
PERSONAL_FIELD_NAMES = frozenset({
    "first_name", "last_name", "full_name", "date_of_birth", "username", "session_data", "user_agent",
    "reporter_name", "reporter_contact", "coordinator_name", "coordinator_phone", "adviser_name", "adviser_phone",
})
#: Fields of one model that hold a person's data under a general name.
PERSONAL_FIELDS_BY_MODEL = {"monitoring.talkrequest": {"name", "message"}}

# Shorthands for the categories of data subjects.
STUDENTS = _("leerlingen")
STAFF = _("medewerkers")
PARENTS = _("ouders en verzorgers")
REPORTERS = _("melders (leerlingen, ouders, anderen)")

CASE_TERM = _("tot de ingestelde termijn na vertrek van alle leerlingen in de zaak (standaard 2 jaar), daarna verwijderd door de dagelijkse bewaarronde")
STUDENT_TERM = _("tot de ingestelde termijn na vertrek (standaard 2 jaar), daarna verwijderd of geanonimiseerd door de dagelijkse bewaarronde")
STAFF_TERM = _("zolang de medewerker in dienst is; daarna door de beheerder verwijderd")
LOGIN_TERM = _("beveiligingsgegevens; kort bewaard en periodiek opgeschoond door de beheerder")
AUDIT_TERM = _("onbeperkt (alleen aanvullen); bevat nummers en handelingen, geen namen")


@dataclass(frozen=True)
class Annotation:
    purpose: str
    subjects: tuple
    data: str
    retention: str


def _a(purpose, subjects, data, retention) -> Annotation:
    return Annotation(purpose=purpose, subjects=tuple(subjects), data=data, retention=retention)


DOSSIER = _("het aanpakken van pesten volgens het anti-pestprotocol en de verantwoording daarover (Wet sociale veiligheid)")

ANNOTATIONS: dict[str, Annotation] = {
    # people
    "people.user": _a(_("inloggen en rollen van medewerkers"), [STAFF], _("naam, e-mailadres, wachtwoord-hash"), STAFF_TERM),
    "people.branch": _a(_("de wettelijk verplichte contactpersonen van een vestiging"), [STAFF],
                        _("naam, e-mail en telefoon van anti-pestcoördinator en vertrouwenspersoon"), STAFF_TERM),
    "people.student": _a(_("weten om welke leerling een zaak gaat"), [STUDENTS],
                         _("naam, leerlingnummer, geboortedatum, vestiging, datum van uitschrijving"), STUDENT_TERM),
    "people.enrolment": _a(_("klas en mentor van een leerling vinden"), [STUDENTS], _("klas per schooljaar"), STUDENT_TERM),
    "people.classmentor": _a(_("de mentor van een klas"), [STAFF], _("mentorschap"), STAFF_TERM),
    "people.roleassignment": _a(_("wie wat mag zien en doen"), [STAFF], _("rol per vestiging"), STAFF_TERM),
    "people.studentuserobjectpermission": _a(_("één leerling delen met één medewerker"), [STUDENTS, STAFF],
                                             _("toegangsrecht"), STUDENT_TERM),
    "people.studentgroupobjectpermission": _a(_("één leerling delen met een groep"), [STUDENTS], _("toegangsrecht"), STUDENT_TERM),
    "people.auditevent": _a(_("verantwoording: wie welk gevoelig gegeven las of wijzigde"), [STAFF],
                            _("medewerker, handeling, nummer van het object, IP-adres, tijd"), AUDIT_TERM),
    "people.notification": _a(_("medewerkers attenderen op termijnen en meldingen"), [STAFF],
                              _("melding aan een medewerker (zaaknummer, geen leerlingnamen)"), STAFF_TERM),
    "people.documentjob": _a(_("documenten (PDF) buiten het webverzoek maken, zodat de aanvrager ze kan downloaden"),
                             [STUDENTS, STAFF, PARENTS],
                             _("wie het document vroeg, soort en nummers, het PDF-bestand (brief, zaakverslag, inzage, codebriefjes)"),
                             _("24 uur (DOCUMENT_JOB_TTL_HOURS), daarna met bestand verwijderd door de opruimtaak van elk uur")),
    "people.importmapping": _a(_("de kolomkoppeling van een import onthouden"), [STAFF], _("wie de koppeling wijzigde"), STAFF_TERM),
    # protocol
    "protocol.organisationcalendar": _a(_("schoolkalender voor termijnen"), [STAFF], _("wie de kalender wijzigde"), STAFF_TERM),
    # incidents
    "incidents.signal": _a(DOSSIER, [STUDENTS, STAFF, REPORTERS], _("wat er gebeurde, waar en wanneer, vormen van pesten, melder"), CASE_TERM),
    "incidents.signalstudent": _a(DOSSIER, [STUDENTS], _("leerling en zijn of haar rol bij een signaal"), CASE_TERM),
    "incidents.case": _a(DOSSIER, [STUDENTS, STAFF], _("zaak, stap, vormen van pesten, strafbaar feit, mentor en coördinator"), CASE_TERM),
    "incidents.participant": _a(DOSSIER, [STUDENTS], _("leerling en rol in de zaak"), CASE_TERM),
    "incidents.timelineentry": _a(DOSSIER, [STUDENTS, PARENTS, STAFF], _("gesprekken, afspraken, maatregelen, sancties, evaluaties"), CASE_TERM),
    "incidents.evidence": _a(DOSSIER, [STUDENTS, STAFF], _("schermafbeeldingen en documenten als bewijs"), CASE_TERM),
    "incidents.confidentialnote": _a(_("werkaantekeningen van de vertrouwenspersoon"), [STUDENTS, STAFF],
                                     _("notities, alleen zichtbaar voor de schrijver"), CASE_TERM),
    "incidents.letter": _a(DOSSIER, [STUDENTS, PARENTS, STAFF], _("brieven aan ouders en hun PDF"), CASE_TERM),
    "incidents.caseuserobjectpermission": _a(_("een zaak delen met één medewerker"), [STAFF], _("toegangsrecht"), CASE_TERM),
    "incidents.confidentialnoteuserobjectpermission": _a(_("toegang tot een eigen notitie"), [STAFF], _("toegangsrecht"), CASE_TERM),
    "incidents.followup": _a(_("termijnen van het protocol bewaken"), [STAFF], _("termijn, eigenaar, afronding"), CASE_TERM),
    "incidents.publicreport": _a(_("melden zonder in te loggen"), [REPORTERS],
                                 _("soort melder, naam en contact als de melder die gaf, sleutel-hash van de ontvangstcode"), CASE_TERM),
    "incidents.publicreportmessage": _a(_("contact met een melder"), [REPORTERS, STAFF], _("berichten"), CASE_TERM),
    "incidents.caseexclusion": _a(_("belangenverstrengeling: medewerkers die een zaak niet mogen zien"), [STAFF],
                                  _("medewerker, reden, wie uitsloot en wanneer"), CASE_TERM),
    "incidents.statuscode": _a(_("ouders en leerling zien hoe een zaak ervoor staat"), [STUDENTS, PARENTS],
                               _("sleutel-hash van de statuscode, voor wie (ouders of leerling), ingetrokken of niet"), CASE_TERM),
    "incidents.complaint": _a(_("klachten over de aanpak van pesten (klachtenregeling)"), [STUDENTS, PARENTS, STAFF],
                              _("wie klaagt, waarover, gekoppelde zaak, steun van de vertrouwenspersoon, uitkomst"), CASE_TERM),
    "incidents.complaintstep": _a(_("de stappen van een klacht en hun termijnen"), [STAFF],
                                  _("fase, termijn, wie de stap vastlegde"), CASE_TERM),
    "incidents.seriousincident": _a(_("register van ernstige incidenten en melding aan de inspectie"), [STUDENTS, STAFF],
                                    _("categorie, datum, gekoppeld signaal of zaak, datum en kenmerk van de melding"), CASE_TERM),
    "incidents.seriousincidentpolicy": _a(_("of het register van ernstige incidenten aan staat"), [STAFF],
                                          _("wie de instelling wijzigde"), STAFF_TERM),
    "incidents.boardsettings": _a(_("instellingen van het bestuur voor de zaken"), [STAFF],
                                  _("wie de instelling wijzigde"), STAFF_TERM),
    "incidents.calendarfeedtoken": _a(_("de eigen termijnenagenda van een medewerker"), [STAFF], _("hash van het agenda-adres"), STAFF_TERM),
    # monitoring
    "monitoring.surveyround": _a(_("de thermometer organiseren"), [STAFF], _("wie de peiling aanmaakte"), STAFF_TERM),
    "monitoring.talkrequest": _a(_("een leerling die na de thermometer wil praten"), [STUDENTS],
                                 _("naam, klas, bericht (los van de antwoorden)"), CASE_TERM),
    "monitoring.preventionregister": _a(_("het preventieregister van een vestiging"), [STAFF], _("wie het register wijzigde"), STAFF_TERM),
    "monitoring.reportjob": _a(_("het inspectierapport op de achtergrond maken"), [STAFF], _("wie het rapport vroeg"), STAFF_TERM),
    "monitoring.retentionpolicy": _a(_("het bewaarbeleid van de organisatie"), [STAFF], _("wie het beleid wijzigde"), STAFF_TERM),
    # third-party parts
    "admin.logentry": _a(_("wijzigingen door de technisch beheerder"), [STAFF], _("beheerder, gewijzigd object"), LOGIN_TERM),
    "sessions.session": _a(_("ingelogd blijven"), [STAFF], _("sessiegegevens"), _("tot uitloggen of verlopen")),
    "people.apitoken": _a(_("toegang tot de API"), [STAFF], _("hash van de sleutel, gebruikt op"), _("tot 30 dagen; eerder na 8 uur zonder gebruik")),
    "guardian.userobjectpermission": _a(_("toegangsrechten per object"), [STAFF], _("toegangsrecht"), STAFF_TERM),
    "axes.accessattempt": _a(_("inlogpogingen beperken (beveiliging)"), [STAFF], _("gebruikersnaam, IP-adres, browser"), LOGIN_TERM),
    "axes.accessfailurelog": _a(_("mislukte inlogpogingen (beveiliging)"), [STAFF], _("gebruikersnaam, IP-adres, browser"), LOGIN_TERM),
    "axes.accesslog": _a(_("inloggen en uitloggen (beveiliging)"), [STAFF], _("gebruikersnaam, IP-adres, browser"), LOGIN_TERM),
    "otp_totp.totpdevice": _a(_("inloggen met twee stappen"), [STAFF], _("geheime sleutel van de app"), STAFF_TERM),
    "otp_static.staticdevice": _a(_("herstelcodes voor inloggen met twee stappen"), [STAFF], _("herstelcodes"), STAFF_TERM),
}

#: Parts that hold data about pupils but are anonymous by design (shown on the page as such).
ANONYMOUS = {
    "monitoring.response": _("antwoorden op de thermometer: geen naam, code, tijd of IP-adres; niet te koppelen aan een leerling"),
    "monitoring.accesscode": _("een sleutel-hash van een eenmalige code en ‘gebruikt’; niet gekoppeld aan een leerling"),
    "monitoring.surveysession": _("een leerling die de thermometer invult: de hash van een willekeurig token en de code; "
                                  "geen antwoorden; verdwijnt bij versturen of als de peiling sluit"),
    "monitoring.surveydraft": _("nog niet verstuurde antwoorden, versleuteld met het token van de leerling zelf; "
                                "aan niets gekoppeld; verdwijnt bij versturen of na 45 minuten zonder activiteit"),
}


def _is_person_model(model) -> bool:
    from people.models import Student

    return model is Student or model._meta.label_lower == settings.AUTH_USER_MODEL.lower()


def personal_fields(model) -> list[models.Field]:
    """The fields of ``model`` that hold or point to a person's data."""
    extra = PERSONAL_FIELDS_BY_MODEL.get(model._meta.label_lower, set())
    found = []
    for f in model._meta.concrete_fields:
        if f.name == "organisation":
            continue
        if f.is_relation and f.related_model is not None and _is_person_model(f.related_model):
            found.append(f)
        elif isinstance(f, (models.EmailField, models.GenericIPAddressField)) or f.name in PERSONAL_FIELD_NAMES or f.name in extra:
            found.append(f)
    for f in model._meta.many_to_many:
        if f.related_model is not None and _is_person_model(f.related_model) and f.remote_field.through._meta.auto_created:
            found.append(f)
    return found


def personal_data_models() -> list:
    """Every installed model that holds personal data (the register's completeness check)."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        if _is_person_model(model) or personal_fields(model):
            found.append(model)
    return found


@dataclass(frozen=True)
class RegisterRow:
    label: str
    name: str
    app: str
    annotation: Annotation | None
    fields: list[str]


def processing_register() -> list[RegisterRow]:
    """The register: one row per personal-data model (and any annotated one), sorted by app."""
    rows: dict[str, RegisterRow] = {}
    for model in apps.get_models():
        key = model._meta.label_lower
        if model._meta.proxy or (key not in ANNOTATIONS and model not in personal_data_models()):
            continue
        fields = [str(f.verbose_name) for f in model._meta.concrete_fields
                  if f.name not in ("id", "organisation") and not f.auto_created]
        rows[key] = RegisterRow(label=key, name=str(model._meta.verbose_name), app=model._meta.app_config.verbose_name,
                                annotation=ANNOTATIONS.get(key), fields=fields)
    return sorted(rows.values(), key=lambda r: (r.app, r.name))


def anonymous_parts() -> list[tuple[str, str]]:
    out = []
    for key, why in ANONYMOUS.items():
        try:
            model = apps.get_model(key)
        except LookupError:  # pragma: no cover
            continue
        out.append((str(model._meta.verbose_name), str(why)))
    return out
