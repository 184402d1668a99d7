"""The stories of the demo outlet, as data: sections, dates, bylines and text."""

# The Chinese stories are real Chinese prose: full-width punctuation is intended there.

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Spec:
    """One demo story as written: where it goes, its date and its text."""

    section: str
    slug: str
    stamp: str
    title: str
    authors: tuple[str, ...] = ()
    markup: str = "jsonld"
    modified: str = ""
    keywords: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    editor: str = ""
    caption: str = ""
    text: str = ""


STORIES: tuple[Spec, ...] = (
    Spec(
        section="world",
        slug="china-soft-power-rises",
        stamp="2025-05-05T10:30:00+08:00",
        title="Second in the world! China's soft power is rapidly improving",
        keywords=("soft power", "China", "Brand Finance", "Global Soft Power Index"),
        related=(
            "global-survey-china-image",
            "ne-zha-2-box-office",
            "shenzhou-20-launch",
            "canada-election-trade",
        ),
        editor="Zhang Rui",
        caption=(
            "Visitors at a cultural exhibition in Beijing. China rose to second place in this"
            " year's Brand Finance Global Soft Power Index."
        ),
        text="""
        China has climbed to second place in a closely watched ranking of national soft power,
        overtaking the United Kingdom for the first time and trailing only the United States,
        according to the Brand Finance Global Soft Power Index 2025. The annual study, which
        surveys more than 170,000 people in over 100 countries, gave China a score of 72.8 out
        of 100, its highest result since the index was launched.

        Foreign media were quick to note the shift. Several European newspapers described the
        result as a sign that perceptions of China are changing faster than many Western
        governments expected, while commentators in Southeast Asia and Latin America pointed to
        the country's growing presence in trade, technology and tourism. One British business
        daily wrote that the gap between the top two nations had "narrowed to its smallest
        margin yet".

        The report credited China's gains to stronger scores for international relations,
        business and trade, and science and technology. Respondents also rated Chinese brands
        more highly for innovation, and the expansion of visa-free entry for visitors from
        dozens of countries gave many people their first direct experience of Chinese cities,
        food and culture.

        Analysts say the improvement reflects long-term investment as much as any single
        campaign. Cultural exports such as films, online games and short-video platforms have
        found large audiences abroad, and Chinese universities and research institutes appear
        more often in global collaborations.

        The United States kept first place despite a fall in its reputation score, while the
        United Kingdom, Japan and Germany completed the top five. Brand Finance said next year's
        edition would test whether China can sustain its momentum as trade tensions rise.
        """,
    ),
    Spec(
        section="world",
        slug="global-survey-china-image",
        stamp="2025-03-18T08:00:00+00:00",
        title="Survey finds views of China warming across the Global South",
        authors=("Jane Doe", "Li Wei"),
        modified="2025-03-18T15:45:00+00:00",
        keywords=("China", "public opinion", "survey", "Global South", "soft power"),
        related=("ne-zha-2-box-office", "paris-ai-summit"),
        caption="Shoppers in Nairobi browse smartphones made by Chinese brands.",
        text="""
        Public opinion of China has improved in much of Africa, Latin America and Southeast Asia
        over the past two years, while attitudes in Europe and North America remain largely
        negative, according to a multinational survey published on Tuesday. The poll, conducted
        for the Lisbon-based Centre for Global Opinion, interviewed 38,000 adults in 31
        countries between October and January.

        In Nigeria, Kenya and Indonesia more than 60 percent of respondents said they held a
        favourable view of China, up from about half in the previous round. Majorities in Brazil
        and Mexico described China as an important economic partner, and younger people were
        consistently more positive than their parents.

        "What we are measuring is not affection so much as familiarity," said Helena Duarte, who
        directed the study. "People see Chinese phones in their pockets, Chinese buses on their
        streets and Chinese dramas on their screens. That everyday presence shapes the image of
        a country more than speeches do."

        The findings add to a long debate about soft power, the ability of a country to attract
        rather than coerce. Researchers found that perceptions of Chinese technology and
        infrastructure were the strongest drivers of positive opinion, while concerns about
        debt, human rights and military activity weighed on views in neighbouring countries such
        as Japan, South Korea and the Philippines.

        The United States still led on measures of cultural appeal and higher education, but its
        lead narrowed in nearly every region surveyed.
        """,
    ),
    Spec(
        section="world",
        slug="germany-election-result",
        stamp="2025-02-24T07:15:00+00:00",
        title="Conservatives win German election as far right surges to second place",
        authors=("Anna Keller",),
        keywords=("Germany", "election", "Bundestag", "coalition"),
        caption="Ballot papers are counted at a polling station in Berlin.",
        text="""
        Germany's conservative alliance won Sunday's federal election but fell well short of a
        majority, setting the stage for weeks of coalition talks, while the far-right
        Alternative for Germany recorded its best result since the party was founded. Turnout
        was the highest since reunification after a bitter campaign dominated by migration and a
        stagnant economy.

        The Christian Democrats and their Bavarian sister party took roughly 28 percent of the
        vote. Friedrich Merz, the conservative leader, told supporters in Berlin that he wanted
        a government in place by Easter and ruled out any cooperation with the far right.

        The Social Democrats of outgoing chancellor Olaf Scholz suffered their worst result in
        more than a century, and the Greens also lost ground. The liberal Free Democrats failed
        to clear the five percent threshold needed to return to the Bundestag.

        "Voters have asked for change, but they have not said clearly what kind," said Jonas
        Becker, a political scientist in Mainz. "The arithmetic points to a grand coalition, and
        that will mean compromise on debt, defence spending and pensions."

        Markets reacted calmly on Monday morning, with the euro little changed. European
        partners urged Berlin to form a stable government quickly, citing the war in Ukraine and
        uncertainty over American trade policy.
        """,
    ),
    Spec(
        section="world",
        slug="south-korea-presidential-vote",
        stamp="2025-06-04T06:45:00+08:00",
        title="South Korea elects new president after months of political turmoil",
        authors=("Park Min-jun", "Jane Doe"),
        markup="opengraph",
        keywords=("South Korea", "election", "president"),
        caption="Voters queue outside a polling station in Seoul.",
        text="""
        South Koreans elected the liberal candidate Lee Jae-myung as president on Tuesday,
        ending six months of political upheaval that began when his predecessor briefly declared
        martial law in December. Lee was sworn in on Wednesday morning, hours after the national
        election commission confirmed the result, without the usual two-month transition.

        Turnout reached nearly 80 percent, the highest in a presidential race for almost three
        decades. Voters queued outside polling stations from early morning in Seoul, Busan and
        Gwangju, many saying they wanted stability after a winter of street protests and
        impeachment hearings.

        In his first address, Lee promised to revive an economy squeezed by weak exports and
        high household debt, and to heal the bitter divisions that have split the country. He
        said he would seek practical relations with Beijing and Tokyo while keeping the alliance
        with Washington at the centre of foreign policy.

        "The new president inherits a country that is tired of conflict," said Choi Seo-yeon, a
        researcher at a Seoul think tank. "His first test will be tariffs. Negotiations with the
        Americans cannot wait."

        The conservative People Power Party conceded defeat late on Tuesday night and said it
        would act as a responsible opposition.
        """,
    ),
    Spec(
        section="world",
        slug="canada-election-trade",
        stamp="2025-04-29T05:20:00+01:00",
        title="Canada's Liberals keep power in election shaped by US trade threats",
        authors=("Tom Fraser",),
        keywords=("Canada", "election", "Liberal Party", "tariffs"),
        caption="Supporters wave flags at the Liberal Party's election night rally in Ottawa.",
        text="""
        Canada's Liberal Party won a fourth consecutive term on Monday, completing a remarkable
        recovery in an election campaign dominated by trade threats and annexation talk from the
        United States. Prime Minister Mark Carney, a former central banker who entered politics
        only this year, told cheering supporters in Ottawa that Canadians had chosen unity over
        fear.

        Results early on Tuesday showed the Liberals short of an outright majority in the House
        of Commons, meaning Carney will need support from smaller parties to pass legislation.
        The Conservatives increased their share of the vote but lost ground in several suburban
        seats around Toronto and Vancouver.

        Only months ago the Liberals trailed by more than 20 points in opinion polls. The
        resignation of Justin Trudeau and the imposition of American tariffs on steel, aluminium
        and cars changed the mood, as voters rallied behind a leader they saw as experienced in
        handling economic crises.

        "This was an election about who should sit across the table from Washington," said Marie
        Tremblay, a pollster in Montreal. "Everything else became secondary."

        Carney said he would open talks on a new economic and security relationship with the
        United States and speed up trade agreements with Europe and Asia.
        """,
    ),
    Spec(
        section="world",
        slug="un-humanitarian-funding-gap",
        stamp="2025-01-21T14:00:00+00:00",
        title="UN agencies warn of widening gap in humanitarian funding",
        authors=("Sara Lindqvist",),
        markup="text",
        keywords=("United Nations", "humanitarian aid", "refugees"),
        caption="Sacks of food aid are unloaded at a distribution centre.",
        text="""
        United Nations agencies warned on Tuesday that they would be forced to cut food rations
        and close health clinics in several crisis zones unless donors fill a growing shortfall
        in humanitarian funding. This year's global appeal seeks 47 billion dollars to help
        about 190 million people.

        Officials said last year's appeal was less than half funded, one of the largest gaps on
        record, even as conflicts in Sudan, Gaza and eastern Congo drove millions of people from
        their homes. Drought and flooding linked to climate change added to needs across the
        Horn of Africa and southern Africa.

        "We are being asked to choose which hungry child receives help," said an official with
        the World Food Programme, who asked not to be named because negotiations with donors
        were continuing. "That is not a choice anyone should have to make."

        Aid groups said traditional donors were under pressure at home and some were redirecting
        budgets towards defence. They urged Gulf states and large emerging economies to
        contribute more, and called for faster, more flexible funding that allows agencies to
        plan ahead.

        The appeal will be reviewed in June, when agencies publish updated estimates of needs
        for the second half of the year.
        """,
    ),
    Spec(
        section="world",
        slug="paris-ai-summit",
        stamp="2025-02-11T09:30:00+00:00",
        title="Paris summit seeks common ground on artificial intelligence",
        authors=("Claire Dubois",),
        keywords=("artificial intelligence", "AI summit", "Paris", "regulation"),
        caption="Delegates arrive at the Grand Palais for the summit on artificial intelligence.",
        text="""
        World leaders and technology executives gathered in Paris for a two-day summit on
        artificial intelligence, seeking common ground on how to manage a technology that is
        reshaping economies faster than governments can write rules. France used the meeting to
        announce more than 100 billion euros of private investment in data centres and computing
        infrastructure.

        A joint declaration calling for AI that is "open, inclusive and ethical" was endorsed by
        dozens of countries, including China and India. The United States and Britain declined
        to sign, with American officials warning that excessive regulation could stifle a
        promising industry.

        Delegates spent much of the summit debating energy. Training and running large models
        requires enormous amounts of electricity and water, and several countries called for
        shared standards on measuring the environmental footprint of data centres.

        "The question is no longer whether AI will change our societies but who will shape that
        change," said Léa Martin, a researcher at a Paris institute for digital policy. "Europe
        wants a seat at the table, and it knows it must invest to get one."

        The next summit is expected to be hosted by India.
        """,
    ),
    Spec(
        section="world",
        slug="bonn-climate-talks",
        stamp="2025-06-26T19:00:00+01:00",
        title="Climate summit preparations stall in Bonn over finance and fossil fuels",
        authors=("Sara Lindqvist", "Tom Fraser"),
        keywords=("climate change", "climate summit", "COP30", "adaptation", "emissions"),
        caption="Negotiators at the World Conference Center in Bonn.",
        text="""
        Two weeks of United Nations climate talks in Bonn ended on Thursday with negotiators
        agreeing a shortlist of indicators to track adaptation to global warming, but with sharp
        divisions over money and fossil fuels still unresolved ahead of the COP30 climate summit
        in Belém, Brazil, in November.

        Developing countries accused wealthy nations of backsliding on promises to scale up
        finance, arguing that last year's goal of 300 billion dollars a year by 2035 was far
        below what was needed to cope with floods, heatwaves and rising seas. Several European
        delegations said public budgets were stretched and private investment would have to fill
        the gap.

        Brazil's incoming summit presidency urged governments to submit new national emissions
        targets, many of which are months overdue. Only a minority of countries have published
        plans covering the period to 2035.

        "Science tells us the window to limit warming to 1.5 degrees is closing," said Amara
        Diallo, a negotiator for a group of least developed countries. "What we saw in Bonn was
        process, not ambition."

        Campaigners staged a small protest outside the conference centre on the final day,
        holding banners that called for an end to new oil and gas licences.
        """,
    ),
    Spec(
        section="business",
        slug="fed-holds-interest-rates",
        stamp="2025-03-19T19:05:00+00:00",
        title="Federal Reserve holds interest rates steady and signals caution over tariffs",
        authors=("Tom Fraser",),
        keywords=("Federal Reserve", "interest rates", "inflation", "monetary policy", "tariffs"),
        caption="The Federal Reserve building in Washington.",
        text="""
        The US Federal Reserve left its benchmark interest rate unchanged on Wednesday, holding
        it in a range of 4.25 to 4.5 percent, and signalled that uncertainty over trade policy
        would keep it on hold for longer. Officials still pencilled in two quarter-point cuts
        before the end of the year, but lowered their forecast for economic growth and raised
        their projection for inflation.

        At a press conference in Washington, the central bank's chair said the economy remained
        in a good place but that new tariffs could push up prices in the months ahead. He
        described the likely effect of tariffs on inflation as transitory, while acknowledging
        that the outlook was unusually hard to read.

        The Fed also said it would slow the pace at which it shrinks its balance sheet from
        April, a technical step that investors had expected.

        Stock markets rose after the announcement and Treasury yields edged lower. "The message
        is patience," said Rachel Osei, chief economist at a London investment firm. "The Fed
        wants to see hard evidence from inflation data before it moves, and it is not going to
        react to every headline."

        Futures markets continued to price the next rate cut for June or July. Mortgage lenders
        said borrowing costs for households were unlikely to fall significantly before the
        autumn.
        """,
    ),
    Spec(
        section="business",
        slug="bank-of-england-cuts-rates",
        stamp="2025-02-06T12:10:00+00:00",
        title="Bank of England cuts interest rates to 4.5 percent and halves growth forecast",
        authors=("Emily Carter",),
        keywords=("Bank of England", "interest rates", "inflation", "UK economy"),
        caption="The Bank of England on Threadneedle Street in the City of London.",
        text="""
        The Bank of England cut interest rates by a quarter of a percentage point to 4.5 percent
        on Thursday, the lowest level in a year and a half, while warning that the British
        economy would grow far more slowly than previously expected. The Monetary Policy
        Committee was unanimous on the need for a cut, but two members voted for a larger
        reduction of half a point.

        The Bank halved its growth forecast for 2025 to 0.75 percent and said inflation was
        likely to rise temporarily to about 3.7 percent later in the year, driven by higher
        energy prices and increases in regulated charges such as water bills.

        Governor Andrew Bailey said the committee would take a "gradual and careful" approach to
        further cuts. Homeowners with tracker and variable mortgages will see their monthly
        payments fall, while savers can expect lower returns on easy-access accounts.

        "The Bank is caught between weak growth and sticky inflation," said Priya Nair, an
        economist at a City consultancy. "Today's vote suggests the balance is tipping towards
        supporting the economy."

        The pound fell against the dollar after the announcement, and yields on two-year
        government bonds dropped to their lowest level since December.
        """,
    ),
    Spec(
        section="business",
        slug="us-china-trade-deal-geneva",
        stamp="2025-05-12T16:40:00+08:00",
        title="US and China agree to slash tariffs for 90 days after Geneva talks",
        authors=("Li Wei", "Tom Fraser"),
        modified="2025-05-12T21:05:00+08:00",
        keywords=("trade deal", "tariffs", "China", "United States", "Geneva"),
        related=("china-soft-power-rises", "ecb-cuts-rates-tariffs", "fed-holds-interest-rates"),
        caption="Containers stacked at a port in Shanghai.",
        text="""
        The United States and China agreed on Monday to sharply reduce the tariffs they imposed
        on each other's goods for an initial period of 90 days, a breakthrough in a trade war
        that had rattled global markets and disrupted supply chains. The deal followed two days
        of talks in Geneva between senior economic officials from both countries.

        Under the agreement, American duties on most Chinese imports will fall from 145 percent
        to 30 percent, while China will cut its levies on American goods from 125 percent to 10
        percent. Both sides said they would set up a mechanism for continued consultations on
        economic and trade relations.

        Stock markets in Hong Kong, Shanghai and New York rallied on the news, and shipping
        companies reported a rush of bookings from exporters hoping to move goods while the
        lower rates apply. Oil prices and the dollar also rose.

        "This is a truce, not a peace treaty," said Zhang Hui, an economist at a Hong Kong bank.
        "The hard questions about technology, subsidies and market access are still on the
        table, and 90 days is not long."

        Officials in Beijing described the talks as candid and constructive. Business groups in
        both countries welcomed the agreement but called for a longer-term framework that gives
        companies the certainty they need to plan investment.
        """,
    ),
    Spec(
        section="business",
        slug="semiconductor-export-controls",
        stamp="2025-01-16T07:30:00+08:00",
        title="Chipmakers brace for tighter US rules on semiconductor exports",
        authors=("Li Wei",),
        keywords=("semiconductors", "export controls", "chips", "artificial intelligence"),
        caption="A technician inspects a silicon wafer in a clean room.",
        text="""
        Semiconductor companies across Asia are reviewing their supply chains after the outgoing
        US administration announced sweeping new rules on the export of advanced chips and the
        technology used to make them. The measures divide the world into three tiers, with close
        allies facing few restrictions and dozens of other countries subject to caps on the
        computing capacity they can import.

        The rules, which are due to take effect after a 120-day consultation period, are aimed
        at preventing advanced artificial intelligence processors from reaching China through
        third countries. Industry groups warned that the limits were too broad and could push
        customers towards rival suppliers.

        Shares in several chip equipment makers fell in Tokyo and Seoul, while analysts in
        Taipei said the impact on Taiwanese foundries would depend on how licences were granted.
        "Companies can live with strict rules. What hurts is uncertainty," said Lin Mei-hua, a
        semiconductor analyst.

        China's commerce ministry said it firmly opposed the measures and would take necessary
        steps to protect the rights of Chinese firms. Beijing has already restricted exports of
        gallium and germanium, metals used in chipmaking.

        The incoming administration has not said whether it will keep the framework, which was
        published days before the inauguration.
        """,
    ),
    Spec(
        section="business",
        slug="ecb-cuts-rates-tariffs",
        stamp="2025-04-17T15:20:00+01:00",
        title="European Central Bank cuts rates again as tariff fears weigh on growth",
        authors=("Emily Carter",),
        keywords=("European Central Bank", "interest rates", "eurozone", "tariffs"),
        caption="The European Central Bank's headquarters in Frankfurt.",
        text="""
        The European Central Bank cut its main interest rate for the seventh time in a year on
        Thursday, lowering the deposit rate to 2.25 percent, as policymakers warned that
        escalating trade tensions had darkened the outlook for the eurozone economy.

        The bank said disinflation was well on track and that the growth outlook had
        deteriorated. Inflation in the euro area eased to 2.2 percent in March, close to the
        bank's two percent target, while business surveys pointed to weakening orders from
        abroad.

        Christine Lagarde, the ECB president, told reporters in Frankfurt that the decision was
        unanimous and that the governing council stood ready to act further if needed. She said
        a stronger euro would help to contain imported inflation but could also hurt exporters.

        "Tariffs are a shock to demand first and to prices second, and the ECB is reacting
        accordingly," said Marco Bellini, an economist in Milan. "Another cut in June now looks
        likely."

        Banks said lower rates would feed through gradually to mortgages and business loans,
        though lending standards remain tight in several countries.
        """,
    ),
    Spec(
        section="business",
        slug="soft-commodities-heatwave",
        stamp="2025-06-12T10:00:00+01:00",
        title="Cocoa and coffee prices climb as heat strains crops and power grids",
        authors=("Emily Carter",),
        keywords=("commodities", "cocoa", "coffee", "heatwave", "electricity"),
        caption="Cocoa pods drying in the sun on a farm in Ivory Coast.",
        text="""
        Prices for cocoa, coffee and other soft commodities rose again this week as hot, dry
        weather threatened harvests in West Africa and Brazil, adding to pressure on chocolate
        makers and coffee roasters already struggling with record costs.

        Traders said that forecasts of another heatwave across southern Europe were also driving
        up wholesale electricity prices, as air conditioning demand strains power grids and low
        river levels reduce output from hydroelectric dams. In France and Italy, day-ahead power
        prices for the afternoon peak more than doubled compared with last week.

        "The market is pricing weather risk on every front," said Daniel Mensah, a commodities
        strategist in London. "When crops and electricity systems are both under stress, it
        feeds straight into food inflation."

        Confectionery companies have raised prices and shrunk bar sizes over the past year, and
        several said they expected margins to remain under pressure into 2026. Supermarkets
        reported that shoppers were switching to cheaper own-label products.

        Farmers' groups in Ivory Coast and Ghana called for better access to irrigation and
        drought-resistant seedlings, arguing that climate change was making harvests less
        predictable every year.
        """,
    ),
    Spec(
        section="business",
        slug="semiconductor-exports-record",
        stamp="2025-06-16T09:00:00+08:00",
        title="Asian chip exports hit record as artificial intelligence boom drives demand",
        authors=("Li Wei", "Park Min-jun"),
        keywords=("semiconductors", "exports", "Taiwan", "South Korea", "artificial intelligence"),
        caption="Memory chips on a production line in Icheon, South Korea.",
        text="""
        Semiconductor exports from Taiwan and South Korea climbed to record levels in May,
        official data showed, as global demand for artificial intelligence servers offset the
        drag from American tariffs on other goods.

        South Korea's chip shipments rose by more than a fifth from a year earlier, led by
        high-bandwidth memory used in AI accelerators, while Taiwan's export orders for
        electronic products reached their highest level for any month of May. Economists said
        some buyers were also placing orders early to get ahead of possible new duties.

        The strength of the chip industry has kept both economies growing even as exports of
        cars, steel and petrochemicals weakened. Semiconductors now account for about a quarter
        of South Korea's total exports and a larger share of Taiwan's.

        "Everyone building data centres needs these chips, and there are only a handful of
        companies that can make them," said Kim Ji-ho, an analyst in Seoul. "The risk is
        concentration. If AI spending slows, the whole export story changes."

        Governments in the region are offering subsidies and tax breaks to keep the most
        advanced fabrication plants at home, while companies are also expanding factories in the
        United States, Japan and Europe.
        """,
    ),
    Spec(
        section="science",
        slug="hottest-year-on-record",
        stamp="2025-01-10T12:00:00+00:00",
        title="2024 confirmed as hottest year on record, passing 1.5C threshold",
        authors=("Sara Lindqvist",),
        keywords=("climate change", "global temperature", "Copernicus", "heat"),
        caption="A thermometer outside a pharmacy in Seville during last summer's heatwave.",
        text="""
        Last year was the hottest on record and the first calendar year in which the average
        global temperature was more than 1.5 degrees Celsius above pre-industrial levels,
        European scientists confirmed on Friday.

        The Copernicus Climate Change Service said global temperatures in 2024 averaged about
        1.6 degrees above the 1850-1900 baseline, beating the previous record set only a year
        earlier. Every continent experienced unusual heat, and sea surface temperatures stayed
        at record or near-record levels for most of the year.

        Scientists stressed that a single year above 1.5 degrees does not mean the long-term
        goal of the Paris Agreement has been missed, because that target refers to an average
        over decades. But they said the world was moving towards it faster than expected.

        "The main driver is clear: the continued burning of coal, oil and gas," said Ingrid
        Solberg, a climate researcher in Bergen. "The El Niño pattern added a little extra heat,
        but it does not explain a jump of this size."

        The year brought deadly floods in Spain and Central Europe, severe drought in southern
        Africa and the Amazon, and heatwaves that pushed temperatures in parts of South Asia and
        the Middle East towards 50 degrees.
        """,
    ),
    Spec(
        section="science",
        slug="new-glenn-maiden-flight",
        stamp="2025-01-16T09:20:00+00:00",
        title="New heavy rocket reaches orbit on maiden flight but booster is lost at sea",
        authors=("Mark Ellis",),
        keywords=("space launch", "rocket", "New Glenn", "Blue Origin"),
        caption="The New Glenn rocket on its launch pad at Cape Canaveral.",
        text="""
        Blue Origin's New Glenn rocket reached orbit on its first flight early on Thursday, a
        milestone for the space company founded by Jeff Bezos more than two decades ago. The
        98-metre rocket lifted off from Cape Canaveral in Florida shortly after 2am local time
        after several delays.

        The upper stage carried a prototype spacecraft into orbit, where it was to remain
        attached for tests. An attempt to land the reusable first stage on a ship in the
        Atlantic Ocean failed, and the booster was lost during its descent.

        The launch marks the arrival of a new competitor in the market for heavy rockets, which
        SpaceX has dominated for years. New Glenn is designed to carry large satellites and,
        eventually, parts of lunar landers for NASA's Artemis programme.

        "Getting to orbit on the first try is a big achievement. Most new rockets do not," said
        Rafael Ortiz, an aerospace engineer who follows the industry. "The booster landing will
        come, but the real test is how quickly they can fly again."

        The company said it had already started preparing the second vehicle and hoped to fly
        several more missions this year.
        """,
    ),
    Spec(
        section="science",
        slug="shenzhou-20-launch",
        stamp="2025-04-24T18:05:00+08:00",
        title="China launches Shenzhou-20 crew to Tiangong space station",
        authors=("Li Wei",),
        modified="2025-04-25T08:30:00+08:00",
        keywords=("space launch", "Shenzhou-20", "Tiangong", "China", "astronauts"),
        caption="A Long March 2F rocket lifts off from the Jiuquan Satellite Launch Center.",
        text="""
        China sent three astronauts to its Tiangong space station on Thursday evening, launching
        the Shenzhou-20 spacecraft on a Long March 2F rocket from the Jiuquan Satellite Launch
        Center in the Gobi Desert. The launch took place at 5:17pm Beijing time, and the crew
        docked with the station about six and a half hours later.

        The mission is commanded by Chen Dong, a veteran who has already spent more than a year
        in orbit across two missions. He is joined by Chen Zhongrui and Wang Jie, both flying
        for the first time.

        During their six-month stay, the astronauts will carry out experiments in space
        medicine, materials science and fluid physics, install new shielding against space
        debris and conduct spacewalks. The station will also host zebrafish and planarian
        flatworms for biology research.

        The launch coincided with China's national Space Day, which marks the anniversary of the
        country's first satellite in 1970. Officials said preparations for a crewed lunar
        landing before 2030 were on schedule, with tests of a new rocket and lunar lander
        planned.

        "Each mission now looks routine, and that is the achievement," said Tomás Herrera, a
        space policy researcher in Madrid. "China has built a permanent human presence in orbit
        in a very short time."
        """,
    ),
    Spec(
        section="science",
        slug="k2-18b-biosignature",
        stamp="2025-04-17T11:30:00+01:00",
        title="Astronomers report strongest hint yet of life-linked gas on a distant planet",
        authors=("Mark Ellis",),
        keywords=("astronomy", "exoplanet", "James Webb Space Telescope", "K2-18b"),
        caption="An artist's impression of the planet K2-18b orbiting its red dwarf star.",
        text="""
        Astronomers using the James Webb Space Telescope say they have detected the chemical
        fingerprints of gases that, on Earth, are produced only by living organisms, in the
        atmosphere of a planet 124 light-years away. The researchers cautioned that the finding
        is not proof of life and needs further observations.

        The planet, K2-18b, is more than eight times the mass of Earth and orbits a cool red
        dwarf star in the constellation Leo. Previous observations suggested it might be covered
        by a deep ocean beneath a hydrogen-rich atmosphere.

        The team found signs of dimethyl sulfide and a related molecule, which on Earth are
        produced mainly by marine plankton. The signal reached a statistical significance of
        three sigma, below the five-sigma threshold that scientists usually require to claim a
        discovery.

        Other astronomers were sceptical. Some argued that the gases could be produced by
        unknown chemical processes, while others questioned whether the planet is habitable at
        all. "Extraordinary claims need extraordinary evidence, and we are not there yet," said
        Hannah Cole, an astrophysicist who was not involved in the study.

        The researchers said between 16 and 24 hours of additional telescope time could be
        enough to confirm or rule out the signal.
        """,
    ),
    Spec(
        section="science",
        slug="malaria-vaccine-rollout",
        stamp="2025-06-09T08:15:00+01:00",
        title="Malaria vaccine rollout reaches millions of children across Africa",
        authors=("Grace Mwangi",),
        markup="opengraph",
        keywords=("malaria", "vaccine", "public health", "Africa"),
        caption="A nurse prepares a vaccine at a clinic in Lilongwe.",
        text="""
        More than a dozen African countries are now giving malaria vaccines to young children as
        part of routine immunisation, health officials said, in what campaigners describe as the
        biggest step against the disease in a generation.

        Two vaccines recommended by the World Health Organization are being delivered in four
        doses from the age of five months. Early data from pilot programmes in Ghana, Kenya and
        Malawi showed a significant drop in deaths among children who were eligible for
        vaccination.

        Malaria still kills about 600,000 people a year, most of them children under five in
        sub-Saharan Africa. Health workers say the vaccines work best alongside bed nets, indoor
        spraying and prompt treatment, rather than replacing them.

        "Mothers are walking long distances to bring their children for the shots," said Esther
        Banda, a district health officer in Malawi. "The demand is there. The challenge is
        supply and keeping the cold chain working in remote areas."

        Funding remains a concern. Cuts in international aid budgets have put pressure on the
        organisations that buy and distribute vaccines, and officials warned that resistance to
        common treatments is spreading in East Africa.
        """,
    ),
    Spec(
        section="culture",
        slug="cannes-palme-dor",
        stamp="2025-05-24T21:30:00+01:00",
        title="Iranian director Jafar Panahi wins Palme d'Or at Cannes film festival",
        authors=("Claire Dubois",),
        keywords=("Cannes", "film festival", "Palme d'Or", "cinema"),
        related=(
            "venice-architecture-biennale",
            "international-booker-heart-lamp",
            "ne-zha-2-box-office",
        ),
        caption="Jafar Panahi holds the Palme d'Or at the closing ceremony in Cannes.",
        text="""
        Jafar Panahi, the Iranian film-maker who has spent years under a travel ban and a prison
        sentence in his own country, won the Palme d'Or at the Cannes film festival on Saturday
        for "It Was Just an Accident", a tense drama about former prisoners who believe they
        have found the man who tortured them.

        Accepting the award, Panahi called on Iranians to put aside their differences and said
        that no one should dare to tell people what to wear, what to say or what to make. The
        audience in the Grand Théâtre Lumière gave him a long standing ovation.

        The jury, led by the French actress Juliette Binoche, awarded its Grand Prix to
        "Sentimental Value" by the Norwegian director Joachim Trier. The prizes for best
        director and best actor both went to "The Secret Agent", a Brazilian thriller set during
        the country's military dictatorship.

        Critics said this year's competition was one of the strongest in recent memory, with
        several films tackling political repression and memory. "Cannes rewarded courage as well
        as craft," said the film critic Sophie Laurent.

        The festival also drew attention for a new dress code on the red carpet and for a power
        cut across the region that briefly disrupted events on the final day.
        """,
    ),
    Spec(
        section="culture",
        slug="venice-architecture-biennale",
        stamp="2025-05-10T14:00:00+01:00",
        title="Venice Architecture Biennale opens with a focus on a warming planet",
        authors=("Claire Dubois",),
        keywords=("architecture", "Venice Biennale", "climate adaptation", "exhibition"),
        caption="Visitors walk through an installation in the Arsenale.",
        text="""
        The Venice Architecture Biennale opened to the public on Saturday with an exhibition
        that asks how buildings and cities can adapt to a hotter, more crowded planet. Titled
        "Intelligens. Natural. Artificial. Collective.", the main show brings together more than
        750 participants, including architects, engineers, scientists, farmers and artists.

        The curator, Carlo Ratti, said architecture had spent too long trying to reduce its
        damage to the climate and now needed to design for the changes that are already
        happening. Installations in the Arsenale explore cooling without air conditioning,
        building with recycled materials and protecting coastal communities from floods.

        National pavilions in the Giardini range from the playful to the stark. Several
        countries used their space to show housing projects built with timber, bamboo or rammed
        earth, while others presented research on water scarcity and migration.

        "This is less a show of beautiful objects and more a laboratory," said Giulia Romano, an
        architecture critic in Milan. "Some of it works, some of it does not, but the questions
        are the right ones."

        The Biennale runs until November 23 and is expected to attract several hundred thousand
        visitors.
        """,
    ),
    Spec(
        section="culture",
        slug="international-booker-heart-lamp",
        stamp="2025-05-21T08:00:00+01:00",
        title="Kannada story collection Heart Lamp wins International Booker Prize",
        keywords=("books", "International Booker Prize", "translation", "literature"),
        caption="Banu Mushtaq and Deepa Bhasthi at the award ceremony at Tate Modern.",
        text="""
        "Heart Lamp", a collection of short stories by the Indian writer and lawyer Banu
        Mushtaq, has won the International Booker Prize, the first time the award has gone to a
        book written in Kannada. The prize of 50,000 pounds is shared equally between the author
        and her translator, Deepa Bhasthi.

        The twelve stories, written over three decades, follow the daily lives of Muslim women
        and girls in southern India, portraying family pressures, religious authority and quiet
        acts of resistance with humour as well as anger.

        Judges praised the translation for keeping the rhythms and the many languages of the
        original. Bhasthi, who chose to leave some words untranslated, said she had tried to
        "translate with an accent" so that readers would hear the voices of the characters.

        Speaking at the ceremony at Tate Modern in London, Mushtaq said that no story is ever
        small and that literature lets readers live inside another person's mind for a while.
        Booksellers said sales of the book rose sharply on Wednesday morning.

        It is also the first time a short story collection has won the prize since it took its
        current form in 2016.
        """,
    ),
    Spec(
        section="culture",
        slug="ne-zha-2-box-office",
        stamp="2025-02-19T16:30:00+08:00",
        title="Ne Zha 2 becomes the highest-grossing animated film of all time",
        authors=("Li Wei",),
        keywords=("Ne Zha 2", "animation", "box office", "Chinese cinema"),
        caption="Cinemagoers queue for a screening of Ne Zha 2 in Chengdu.",
        text="""
        The Chinese animated film "Ne Zha 2" has become the highest-grossing animated film in
        history, overtaking Disney's "Inside Out 2" less than three weeks after it opened during
        the Lunar New Year holiday, according to box office tracking data.

        The film, which follows a rebellious boy deity from Chinese mythology, has earned the
        equivalent of more than 1.7 billion dollars, almost all of it in mainland China. It is
        also the first film to gross more than 10 billion yuan in a single market.

        Its director, Jiaozi, spent five years making the sequel, and the production involved
        more than 4,000 people at dozens of domestic animation studios. Audiences have praised
        its visual effects and humour, and many cinemagoers have returned to watch it several
        times.

        Industry analysts say the success shows how far Chinese animation has come, and some see
        it as a test of the country's soft power. "Chinese stories can now compete with
        Hollywood on spectacle at home," said Chen Yu, a film industry researcher in Beijing.
        "The question is whether they will travel. Overseas releases will tell us."

        Distributors are preparing releases in North America, Australia and parts of Asia, with
        dubbed versions planned for several markets.
        """,
    ),
    Spec(
        section="culture",
        slug="lunar-new-year-travel",
        stamp="2025-01-28T20:00:00+08:00",
        title="Record travel as millions head home for Lunar New Year",
        authors=("Wang Fang",),
        keywords=("Lunar New Year", "Spring Festival", "travel", "China"),
        caption="Passengers board a high-speed train at Beijing West Railway Station.",
        text="""
        Hundreds of millions of people across China are on the move this week for the Lunar New
        Year, the country's most important family holiday, with railways, airlines and highways
        reporting record numbers of passengers as the Year of the Snake begins.

        Officials expect about nine billion trips over the 40-day travel season known as
        chunyun, most of them by car. Railway stations in Beijing, Shanghai and Guangzhou were
        crowded with travellers carrying suitcases, gifts and boxes of fruit, while ticket apps
        sold out of popular routes within minutes.

        This is the first new year since the Spring Festival was added to UNESCO's list of
        intangible cultural heritage in December, and local governments have organised temple
        fairs, lantern displays and lion dances to attract visitors. The public holiday has also
        been extended to eight days.

        Overseas trips are also rising. Travel agencies reported strong bookings to Thailand,
        Japan, Malaysia and Singapore, helped by visa waivers and more international flights.

        "For many families, this is the only time of the year everyone sits at the same table,"
        said Zhao Lin, a sociologist in Wuhan. "No matter how far people move for work, the
        journey home remains a ritual."
        """,
    ),
    Spec(
        section="culture",
        slug="glastonbury-festival-opens",
        stamp="2025-06-25T11:45:00+01:00",
        title="Glastonbury gates open as fans arrive for sold-out festival",
        markup="text",
        keywords=("Glastonbury", "music festival", "Somerset"),
        caption="Festival-goers carry tents across the fields at Worthy Farm.",
        text="""
        Tens of thousands of music fans poured through the gates of the Glastonbury Festival on
        Wednesday morning, carrying tents, flags and crates of supplies across the Somerset
        farmland for five days of performances on more than 100 stages.

        The organisers said about 210,000 people were expected on site, including performers,
        staff and volunteers. Tickets sold out in less than 40 minutes last November, before a
        single act had been announced.

        Forecasters predicted warm, mostly dry weather, and organisers reminded festival-goers
        to drink plenty of water, wear sunscreen and look out for one another. Extra water
        points have been installed around the site.

        Headliners this year include the 1975, Neil Young and Olivia Rodrigo, and rumours of
        secret sets have spread across social media. Rod Stewart is due to play the Sunday
        afternoon legends slot on the Pyramid Stage.

        Local businesses say the festival brings millions of pounds to the area each year. "The
        village goes quiet for a week after it ends," said a shopkeeper in Pilton. "Then we
        start counting down to the next one."
        """,
    ),
    Spec(
        section="sport",
        slug="champions-league-final-psg",
        stamp="2025-05-31T22:50:00+01:00",
        title="PSG thrash Inter to win first Champions League title",
        authors=("Mark Ellis",),
        modified="2025-06-01T09:10:00+01:00",
        keywords=("football", "Champions League", "final", "Paris Saint-Germain", "Inter Milan"),
        related=("zhao-xintong-world-snooker", "cannes-palme-dor"),
        caption="Paris Saint-Germain players celebrate with the trophy in Munich.",
        text="""
        Paris Saint-Germain won the Champions League for the first time on Saturday night,
        beating Inter Milan 5-0 in Munich in the most one-sided final in the competition's
        history.

        Achraf Hakimi, a former Inter player, opened the scoring after 12 minutes, and the
        19-year-old Désiré Doué scored twice and set up another as the French champions
        overwhelmed an experienced Italian side. Khvicha Kvaratskhelia and the substitute Senny
        Mayulu added further goals in the second half.

        The victory was a vindication for coach Luis Enrique, whose young team played with
        energy and discipline from the first whistle. The club's Qatari owners had spent heavily
        for more than a decade in pursuit of European football's biggest prize.

        "We have dreamed of this night for so long," said the captain Marquinhos, who lifted the
        trophy after twelve years at the club. "This team shows that when everyone works for
        each other, anything is possible."

        Celebrations spread across Paris late into the night, with crowds gathering on the
        Champs-Élysées. Inter, who also lost the final in 2023, were left to reflect on an
        evening when nothing went right.
        """,
    ),
    Spec(
        section="sport",
        slug="zhao-xintong-world-snooker",
        stamp="2025-05-06T00:15:00+01:00",
        title="Zhao Xintong becomes first Chinese world snooker champion",
        authors=("Mark Ellis",),
        keywords=("snooker", "World Championship", "Crucible", "Zhao Xintong"),
        caption="Zhao Xintong lifts the trophy at the Crucible Theatre in Sheffield.",
        text="""
        Zhao Xintong became the first player from Asia to win the World Snooker Championship on
        Monday night, beating Mark Williams 18-12 in the final at the Crucible Theatre in
        Sheffield.

        The 28-year-old from Xi'an, who played the tournament as an amateur after serving a ban
        for his part in a betting scandal, won four qualifying matches just to reach the main
        draw. He then beat several of the sport's biggest names, including a 17-7 victory over
        Ronnie O'Sullivan in the semi-finals.

        Williams, who at 50 was the oldest finalist in the modern era, fought back in the final
        session, but Zhao held his nerve to close out the match in front of a packed house.

        Zhao said afterwards that he had learned from his mistakes and worked every day to earn
        a second chance, and that he hoped his win would inspire young players at home.

        The result is expected to give another boost to snooker in China, where millions of fans
        watched the final overnight and dozens of academies train young players. Officials said
        it would strengthen the case for more ranking tournaments in the country.
        """,
    ),
    Spec(
        section="zh",
        slug="ruanshili-tisheng",
        stamp="2025-05-05T10:30:00+08:00",
        title="全球第二！中国软实力快速提升",
        authors=("张明",),
        keywords=("软实力", "全球软实力指数", "国家形象"),
        related=("zhongou-dianche-tanpan", "shenzhou-20-fashe"),
        caption="外国游客在北京参观文化展览。",
        text="""
        近日，英国品牌评估机构“品牌金融”发布《2025年全球软实力指数》报告。报告显示，中国
        的软实力排名首次超过英国，升至全球第二位，仅次于美国，综合得分达到72.8分，创下该
        指数发布以来的最高纪录。

        这份报告对全球一百多个国家的十七万余名受访者进行了调查。报告认为，中国在国际关系
        、商业贸易、科技创新等指标上的表现明显提升，中国品牌的国际认可度也在不断提高。

        多家外国媒体注意到了这一变化。有欧洲媒体评论说，中国软实力的上升速度超出了许多人
        的预期；也有东南亚学者指出，越来越多的外国游客借助免签政策来到中国，亲身感受中国
        的城市、美食和文化，这对提升国家形象起到了重要作用。

        专家表示，软实力的提升并非一朝一夕之功。近年来，中国的电影、网络游戏、短视频平台
        和新能源汽车不断走向世界，中外人文交流日益密切，为软实力的持续增长奠定了基础。

        分析人士认为，今后还需要进一步增强国际传播能力，让世界更加全面地了解一个真实、立
        体的中国。
        """,
    ),
    Spec(
        section="zh",
        slug="zhongou-dianche-tanpan",
        stamp="2025-03-12T09:00:00+08:00",
        title="中欧电动汽车谈判取得新进展",
        authors=("李伟",),
        keywords=("电动汽车", "中欧贸易", "价格承诺"),
        caption="等待装船出口的新能源汽车。",
        text="""
        据知情人士透露，中欧双方围绕电动汽车反补贴案的谈判近日取得新进展，双方正在就价格
        承诺方案的细节进行深入磋商。

        一位参与谈判的人士表示，与去年相比，欧方在部分问题上的口气明显软了下来，双方的分
        歧正在逐步缩小。这位人士同时强调，最终方案仍需经过欧盟成员国的讨论。

        业内人士指出，中国车企在电池、智能驾驶和供应链方面的综合实力不断增强，近年来在欧
        洲市场的份额持续扩大。即使面临额外关税，不少企业仍然计划在欧洲建设工厂，以便更好
        地贴近当地消费者。

        欧洲汽车制造商协会此前表示，希望双方通过对话解决贸易争端，避免相互加征关税损害产
        业链的稳定。分析人士认为，如果谈判顺利，将为中欧经贸关系释放积极信号。
        """,
    ),
    Spec(
        section="zh",
        slug="shenzhou-20-fashe",
        stamp="2025-04-24T18:30:00+08:00",
        title="神舟二十号载人飞船发射成功",
        markup="opengraph",
        keywords=("神舟二十号", "载人航天", "空间站"),
        caption="长征二号F遥二十运载火箭点火升空。",
        text="""
        4月24日17时17分，搭载神舟二十号载人飞船的长征二号F遥二十运载火箭在酒泉卫星发射中
        心点火发射。约10分钟后，飞船与火箭成功分离，进入预定轨道，发射取得圆满成功。

        本次任务的航天员乘组由陈冬、陈中瑞和王杰三名航天员组成，陈冬担任指令长。这是陈冬
        第三次执行载人飞行任务，另外两名航天员均为首次飞行。

        按计划，航天员乘组将在空间站工作生活约6个月，开展空间生命科学、微重力物理等领域
        的多项实验，并进行出舱活动和空间站设备安装。

        今年的4月24日是第十个“中国航天日”。有关负责人表示，载人登月各项研制建设工作正在
        按计划推进。
        """,
    ),
)
