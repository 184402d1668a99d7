"""The timezone of a site's country, from its country-code domain, for sites with none configured.

Only countries that keep one clock across their mainland are listed: '.jp' is Asia/Tokyo,
'.de' Europe/Berlin; '.us', '.ru', '.au', '.br', '.ca', '.mx' or '.id' span several zones and
give none, nor do generic domains ('.com', '.org') or '.tv', '.io', '.fm' (sold worldwide).
"""

from __future__ import annotations

from crawler.hosts import url_host

COUNTRY_ZONES = {
    "jp": "Asia/Tokyo",
    "kr": "Asia/Seoul",
    "cn": "Asia/Shanghai",
    "tw": "Asia/Taipei",
    "hk": "Asia/Hong_Kong",
    "sg": "Asia/Singapore",
    "my": "Asia/Kuala_Lumpur",
    "th": "Asia/Bangkok",
    "vn": "Asia/Ho_Chi_Minh",
    "ph": "Asia/Manila",
    "in": "Asia/Kolkata",
    "pk": "Asia/Karachi",
    "bd": "Asia/Dhaka",
    "np": "Asia/Kathmandu",
    "lk": "Asia/Colombo",
    "ir": "Asia/Tehran",
    "il": "Asia/Jerusalem",
    "tr": "Europe/Istanbul",
    "sa": "Asia/Riyadh",
    "ae": "Asia/Dubai",
    "qa": "Asia/Qatar",
    "eg": "Africa/Cairo",
    "ng": "Africa/Lagos",
    "ke": "Africa/Nairobi",
    "za": "Africa/Johannesburg",
    "gh": "Africa/Accra",
    "ma": "Africa/Casablanca",
    "nz": "Pacific/Auckland",
    "ar": "America/Argentina/Buenos_Aires",
    "co": "America/Bogota",
    "pe": "America/Lima",
    "ve": "America/Caracas",
    "uk": "Europe/London",
    "ie": "Europe/Dublin",
    "de": "Europe/Berlin",
    "at": "Europe/Vienna",
    "ch": "Europe/Zurich",
    "fr": "Europe/Paris",
    "be": "Europe/Brussels",
    "nl": "Europe/Amsterdam",
    "lu": "Europe/Luxembourg",
    "it": "Europe/Rome",
    "es": "Europe/Madrid",
    "dk": "Europe/Copenhagen",
    "se": "Europe/Stockholm",
    "no": "Europe/Oslo",
    "fi": "Europe/Helsinki",
    "is": "Atlantic/Reykjavik",
    "pl": "Europe/Warsaw",
    "cz": "Europe/Prague",
    "sk": "Europe/Bratislava",
    "hu": "Europe/Budapest",
    "si": "Europe/Ljubljana",
    "hr": "Europe/Zagreb",
    "rs": "Europe/Belgrade",
    "ba": "Europe/Sarajevo",
    "ro": "Europe/Bucharest",
    "bg": "Europe/Sofia",
    "gr": "Europe/Athens",
    "ua": "Europe/Kyiv",
    "by": "Europe/Minsk",
    "lt": "Europe/Vilnius",
    "lv": "Europe/Riga",
    "ee": "Europe/Tallinn",
}


# Languages whose countries all keep one clock: Japanese, Korean, Chinese (China, Taiwan,
# Hong Kong, Singapore: all +08:00).
LANGUAGE_ZONES = {"ja": "Asia/Tokyo", "ko": "Asia/Seoul", "zh": "Asia/Shanghai"}


def country_zone(url: str, language: str = "") -> str:
    """The IANA timezone of the URL's country-code domain, else of the page's declared
    language, or '' when neither names one zone."""
    host = url_host(url).rstrip(".")
    zone = COUNTRY_ZONES.get(host.rsplit(".", 1)[-1], "") if "." in host else ""
    return zone or LANGUAGE_ZONES.get(language, "")
