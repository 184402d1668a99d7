"""Wire stories as different outlets run them, and other stories on the same topics.

Each ``story`` names the wire story an article is a copy of; articles with different story
names are different stories (several deliberately share a topic, names and phrases with a
wire story), so a pair is a true duplicate exactly when the names are equal.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Copy:
    story: str
    site: str
    published: str
    body: str


_RATES = (
    "The European Central Bank cut its main interest rate by a quarter of a percentage point "
    "on Thursday, the fourth reduction this year, as inflation in the euro zone eased closer "
    "to its two percent target. "
    "ECB President Christine Lagarde told reporters in Frankfurt that the bank was not "
    "pre-committing to any particular path and that future decisions would depend on "
    "incoming data. "
    "The deposit rate now stands at 2.75 percent, down from a record four percent last year. "
    "Economists polled before the meeting had widely expected the move. "
    "Markets still price in one or two more cuts before the end of the year, although "
    "several governing council members have warned against easing too quickly while wage "
    "growth remains strong in services. "
    "The euro weakened slightly against the dollar after the announcement, and yields on "
    "German government bonds fell to their lowest level in a month."
)
_RATES_B = (
    "The European Central Bank lowered its key interest rate by a quarter point on Thursday, "
    "its fourth reduction this year, as inflation in the euro zone eased closer to its two "
    "percent target. "
    "ECB President Christine Lagarde told reporters in Frankfurt that the bank was not "
    "pre-committing to any particular path and that future decisions would depend on "
    "incoming data. "
    "The deposit rate now stands at 2.75 percent, down from a record four percent last year. "
    "Economists polled before the meeting had widely expected the move. "
    "Markets still price in one or two more cuts before the end of the year, although "
    "several governing council members have warned against easing too quickly while wage "
    "growth remains strong in services."
)
_RATES_C = (
    "FRANKFURT - The European Central Bank cut its main interest rate by a quarter of a "
    "percentage point on Thursday, the fourth reduction this year, as inflation in the euro "
    "area eased closer to its two percent target. "
    "ECB President Christine Lagarde told journalists in Frankfurt that the bank was not "
    "pre-committing to any particular path and that future decisions would depend on "
    "incoming data. "
    "The deposit rate now stands at 2.75 percent, down from a record four percent last year. "
    "Economists surveyed before the meeting had widely expected the move. "
    "Markets still price in one or two more cuts before the end of the year, although "
    "several governing council members have warned against easing too quickly while wage "
    "growth remains strong in services. "
    "The euro weakened slightly against the dollar after the announcement, and yields on "
    "German government bonds fell to their lowest level in a month. "
    "Additional reporting by our business desk."
)
_RATES_OTHER = (
    "Households in Spain and Portugal are feeling the first relief from lower interest rates "
    "as variable mortgage payments fall for the third month running, according to figures "
    "published on Friday by national statistics offices. "
    "The European Central Bank has cut rates four times this year, and banks have passed the "
    "reductions on to borrowers faster than many analysts expected. "
    "A family with a typical 150,000 euro loan in Madrid now pays about 90 euros a month less "
    "than in January. "
    "Consumer groups said savers, however, were losing out as deposit accounts paid less, and "
    "urged banks to be as quick to raise savings rates when policy turns. "
    "Christine Lagarde has said future decisions will depend on incoming data."
)

_QUAKE = (
    "A magnitude 6.4 earthquake struck off the coast of southern Chile early on Sunday, "
    "shaking buildings in the port city of Valdivia and cutting power to tens of thousands "
    "of homes, officials said. "
    "The national emergency service said there were no immediate reports of deaths, but "
    "several older houses were damaged and a landslide blocked a coastal road. "
    "The navy ruled out a tsunami threat about an hour after the quake, which struck at a "
    "depth of 35 kilometres. "
    "Chile sits on the Pacific Ring of Fire and is one of the most seismically active "
    "countries in the world. "
    "Schools in the region will remain closed on Monday while engineers inspect them, the "
    "education ministry said."
)
_QUAKE_B = (
    "A strong earthquake of magnitude 6.4 struck off the coast of southern Chile early on "
    "Sunday, shaking buildings in the port city of Valdivia and cutting power to tens of "
    "thousands of homes, officials said. "
    "The national emergency service said there were no immediate reports of deaths, but "
    "several older houses were damaged and a landslide blocked a coastal road. "
    "The navy ruled out a tsunami threat about an hour after the quake, which struck at a "
    "depth of 35 km. "
    "Chile sits on the Pacific Ring of Fire and is one of the most seismically active "
    "countries on earth. "
    "Schools in the region will stay closed on Monday while engineers inspect them, the "
    "education ministry said. "
    "Residents posted videos of swaying lamps and falling shelves on social media."
)
_QUAKE_OTHER = (
    "Engineers in Valdivia began inspecting schools and hospitals on Monday, a day after a "
    "magnitude 6.4 earthquake struck off the coast of southern Chile. "
    "Most public buildings passed their first checks, the regional governor said, but two "
    "schools built before 1960 will stay closed for repairs. "
    "Power was restored to nearly all homes overnight. "
    "Seismologists recorded more than forty aftershocks, the largest of magnitude 4.8, and "
    "warned residents that further tremors were likely in the coming days. "
    "Chile has some of the strictest building codes in the world, adopted after the 1960 "
    "Valdivia earthquake, the most powerful ever recorded."
)

_SUMMIT = (
    "Leaders of the African Union opened a two-day summit in Addis Ababa on Saturday with "
    "calls for a permanent African seat on the United Nations Security Council and for "
    "faster progress on a continental free trade area. "
    "The chairperson of the African Union Commission told delegates that Africa could no "
    "longer accept being discussed without being heard. "
    "Trade among African countries accounts for about 15 percent of their total trade, far "
    "less than in Europe or Asia, and officials hope that removing tariffs will double that "
    "share within a decade. "
    "The summit is also expected to discuss conflicts in Sudan and the eastern Democratic "
    "Republic of Congo, where fighting has displaced millions of people."
)
_SUMMIT_B = (
    "African Union leaders opened a two-day summit in Addis Ababa on Saturday with calls for "
    "a permanent African seat on the United Nations Security Council and for faster progress "
    "on a continental free trade area. "
    "The chairperson of the African Union Commission told delegates that Africa could no "
    "longer accept being discussed without being heard. "
    "Trade among African countries accounts for about 15 percent of their total trade, far "
    "less than in Europe or Asia, and officials hope that removing tariffs will double that "
    "share within a decade. "
    "The summit is also expected to discuss the conflicts in Sudan and the eastern Democratic "
    "Republic of the Congo, where fighting has displaced millions."
)
_SUMMIT_OTHER = (
    "As African Union leaders gathered in Addis Ababa, traders at the border between Kenya "
    "and Tanzania said the continental free trade area had so far changed little in their "
    "daily work. "
    "Lorries still wait for two or three days at the crossing, and paperwork for a single "
    "consignment of maize can run to a dozen pages. "
    "Officials say that removing tariffs is only the first step and that customs procedures "
    "must be simplified too. "
    "The African Union wants trade among African countries to double within a decade. "
    "Business groups have asked the summit to fund new border posts and a common digital "
    "customs system."
)

_SATELLITE = (
    "China launched a new group of internet satellites from the Jiuquan launch centre on "
    "Tuesday, the latest step in a plan to build a low-orbit constellation of more than "
    "ten thousand spacecraft, state media reported. "
    "A Long March rocket lifted off at 10:15 local time and placed eighteen satellites into "
    "orbit, according to the China Aerospace Science and Technology Corporation. "
    "The constellation is seen as a rival to SpaceX's Starlink network, which already has "
    "more than six thousand satellites in service. "
    "Chinese companies plan dozens more launches this year as the country expands "
    "commercial spaceflight and builds new launch pads on the island of Hainan."
)
_SATELLITE_B = (
    "China on Tuesday launched a new batch of internet satellites from the Jiuquan launch "
    "centre, the latest step in a plan to build a low-orbit constellation of more than ten "
    "thousand spacecraft, state media reported. "
    "A Long March rocket lifted off at 10:15 local time and placed eighteen satellites into "
    "orbit, according to the China Aerospace Science and Technology Corporation. "
    "The constellation is widely seen as a rival to SpaceX's Starlink network, which already "
    "has more than six thousand satellites in service. "
    "Chinese firms plan dozens more launches this year as the country expands commercial "
    "spaceflight and builds new launch pads on the island of Hainan."
)
_SATELLITE_OTHER = (
    "SpaceX launched another batch of Starlink satellites from Florida on Tuesday, bringing "
    "the number of spacecraft in its network to more than six thousand. "
    "A Falcon 9 rocket lifted off from Cape Canaveral and deployed twenty-two satellites "
    "about an hour later, the company said. "
    "Astronomers have raised concerns that the growing number of satellites in low orbit "
    "interferes with observations of the night sky. "
    "China, which is building a rival constellation, launched eighteen satellites of its own "
    "from the Jiuquan launch centre on the same day."
)

_FLOODS_ZH = (
    "新华社南宁6月3日电 受持续强降雨影响，广西多地发生洪涝灾害，截至3日上午，"
    "已有两万余名群众被紧急转移安置。"
    "自治区应急管理厅表示，桂林、柳州等地部分河段水位超过警戒线，"
    "部分乡镇道路和通信一度中断。"
    "当地已启动防汛四级应急响应，组织救援队伍排查险情，全力保障群众生命安全。"
    "气象部门预计，未来三天广西仍将出现较强降雨，提醒公众注意防范山洪和地质灾害。"
)
_FLOODS_ZH_B = (
    "受持续强降雨影响，广西多地发生洪涝灾害，截至3日上午，"
    "已有两万余名群众被紧急转移安置。"
    "自治区应急管理厅表示，桂林、柳州等地部分河段水位超过警戒线，"
    "部分乡镇道路和通信一度中断。"
    "当地已启动防汛四级应急响应，组织救援队伍排查险情，全力保障群众生命安全。"
    "气象部门预计，未来三天广西仍将出现较强降雨，提醒公众注意防范山洪和地质灾害。"
    "（来源：新华社）"
)
_FLOODS_ZH_OTHER = (
    "洪水退去后，桂林市的商户们开始清理被淹的店铺。"
    "一位经营茶叶店的店主说，店里的货物大部分被水浸泡，损失超过十万元。"
    "当地政府表示将为受灾商户提供临时补贴，并协调银行延期还款。"
    "气象部门提醒，本周后期广西仍有降雨，群众应注意防范山洪和地质灾害。"
)

CORPUS: tuple[Copy, ...] = (
    Copy("rates", "wire", "2025-06-05T12:20:00+00:00", _RATES),
    Copy("rates", "daily-post", "2025-06-05T14:02:00+01:00", _RATES_B),
    Copy("rates", "courier", "2025-06-05T16:45:00+02:00", _RATES_C),
    Copy("rates-households", "courier", "2025-06-06T08:00:00+02:00", _RATES_OTHER),
    Copy("quake", "wire", "2025-06-08T09:40:00+00:00", _QUAKE),
    Copy("quake", "daily-post", "2025-06-08T11:10:00+01:00", _QUAKE_B),
    Copy("quake-inspections", "wire", "2025-06-09T15:00:00+00:00", _QUAKE_OTHER),
    Copy("summit", "wire", "2025-06-14T10:00:00+00:00", _SUMMIT),
    Copy("summit", "courier", "2025-06-14T13:30:00+02:00", _SUMMIT_B),
    Copy("summit-border", "daily-post", "2025-06-14T18:00:00+01:00", _SUMMIT_OTHER),
    Copy("satellites", "wire", "2025-06-17T04:30:00+00:00", _SATELLITE),
    Copy("satellites", "daily-post", "2025-06-17T07:00:00+01:00", _SATELLITE_B),
    Copy("starlink", "courier", "2025-06-17T20:00:00+02:00", _SATELLITE_OTHER),
    Copy("floods", "xinhua-zh", "2025-06-03T11:00:00+08:00", _FLOODS_ZH),
    Copy("floods", "portal-zh", "2025-06-03T12:30:00+08:00", _FLOODS_ZH_B),
    Copy("floods-shops", "portal-zh", "2025-06-05T09:00:00+08:00", _FLOODS_ZH_OTHER),
)
