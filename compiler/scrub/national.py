"""National and tax identifiers named by their own label, checked by python-stdnum.

A label ("BSN", "Steuer-ID", "PESEL", "codice fiscale", ...) says which identifier follows; the
number is removed as an ID when that identifier's validator accepts it. Validators are never
tried blindly: together they accept almost any number of six to thirteen digits, so an order or
ticket number would go too. Labels are written as the tokenizer splits them ("steuer - id").
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import cache

# Label phrase → the python-stdnum modules (``stdnum.<name>``) of the identifiers it names.
VALIDATORS: dict[str, tuple[str, ...]] = {
    # Germany
    "steuer - id": ("de.idnr",), "steuer id": ("de.idnr",), "steuerid": ("de.idnr",),
    "steuer - idnr": ("de.idnr",), "idnr": ("de.idnr",),
    "steueridentifikationsnummer": ("de.idnr",), "identifikationsnummer": ("de.idnr",),
    "steuerliche identifikationsnummer": ("de.idnr",), "steuernummer": ("de.stnr",),
    # Netherlands
    "bsn": ("nl.bsn",), "burgerservicenummer": ("nl.bsn",), "sofinummer": ("nl.bsn",),
    "sofi": ("nl.bsn",),
    # Poland
    "pesel": ("pl.pesel",), "nip": ("pl.nip",),
    # Spain, Portugal
    "nie": ("es.nie",), "dni": ("es.dni", "ar.dni"), "nif": ("es.nif", "pt.nif"),
    "cartão de cidadão": ("pt.cc",),
    # Brazil
    "cpf": ("br.cpf",), "cnpj": ("br.cnpj",),
    # Canada, Australia, UK, Ireland
    "sin": ("ca.sin",), "social insurance": ("ca.sin",), "social insurance number": ("ca.sin",),
    "tfn": ("au.tfn",), "tax file number": ("au.tfn",), "tax file": ("au.tfn",), "abn": ("au.abn",),
    "nhs number": ("gb.nhs",), "nhs": ("gb.nhs",), "utr": ("gb.utr",),
    "pps": ("ie.pps",), "pps number": ("ie.pps",), "ppsn": ("ie.pps",),
    # Italy, France, Switzerland
    "codice fiscale": ("it.codicefiscale",), "cf": ("it.codicefiscale",),
    "nir": ("fr.nir",), "insee": ("fr.nir",), "sécurité sociale": ("fr.nir",),
    "securite sociale": ("fr.nir",), "numéro de sécurité sociale": ("fr.nir",),
    "ahv": ("ch.ssn",), "avs": ("ch.ssn",), "ahv - nummer": ("ch.ssn",),
    # India
    "aadhaar": ("in_.aadhaar",), "aadhar": ("in_.aadhaar",), "aadhaar number": ("in_.aadhaar",),
    # Nordics, Baltics
    "personnummer": ("se.personnummer",), "fødselsnummer": ("no.fodselsnummer",),
    "fodselsnummer": ("no.fodselsnummer",), "cpr": ("dk.cpr",), "cpr - nummer": ("dk.cpr",),
    "hetu": ("fi.hetu",), "henkilötunnus": ("fi.hetu",), "isikukood": ("ee.ik",),
    "asmens kodas": ("lt.asmens",),
    # Central and south-east Europe, Turkey, Israel
    "rodné číslo": ("cz.rc", "sk.rc"), "rodne cislo": ("cz.rc", "sk.rc"), "egn": ("bg.egn",),
    "cnp": ("ro.cnp",), "oib": ("hr.oib",), "emšo": ("si.emso",), "emso": ("si.emso",),
    "amka": ("gr.amka",), "tc kimlik": ("tr.tckimlik",), "kimlik": ("tr.tckimlik",),
    "teudat zehut": ("il.idnr",),
    # Americas, Asia, Africa
    "curp": ("mx.curp",), "rfc": ("mx.rfc",), "rut": ("cl.rut",), "cuit": ("ar.cuit",),
    "rrn": ("kr.rrn",), "resident registration number": ("kr.rrn",),
    "south african id": ("za.idnr",),
    # United States (the SSN has its own kind and shapes)
    "ein": ("us.ein",), "itin": ("us.itin",), "tin": ("us.tin",),
}  # fmt: skip


@cache
def _validator(name: str) -> Callable[[str], bool]:
    module = importlib.import_module(f"stdnum.{name}")
    is_valid: Callable[[str], bool] = module.is_valid
    return is_valid


def validators_for(label: str) -> tuple[str, ...]:
    """The stdnum module names of the identifiers ``label`` names (empty when none)."""
    return VALIDATORS.get(label, ())


def valid_for(label: str, chars: str) -> bool:
    """``chars`` (letters and digits, no separators) is a valid identifier of the kind that
    ``label`` names."""
    return any(_validator(name)(chars) for name in VALIDATORS.get(label, ()))
