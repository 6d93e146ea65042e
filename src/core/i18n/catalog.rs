//! The catalog: every message key with its English and Dutch text. It is a
//! Rust `match` built by one macro, so a key without both translations does
//! not compile. One table on purpose (long, but it reads as a glossary and a
//! translator works through it top to bottom).

use super::Lang;

macro_rules! catalog {
    ($($key:ident => $en:literal, $nl:literal;)+) => {
        /// A key of the catalog.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Msg { $($key),+ }

        impl Msg {
            /// Every key, for completeness tests.
            pub const ALL: &'static [Msg] = &[$(Msg::$key),+];
        }

        /// The text of `msg` in `lang`.
        pub fn t(lang: Lang, msg: Msg) -> &'static str {
            match lang {
                Lang::En => match msg { $(Msg::$key => $en),+ },
                Lang::Nl => match msg { $(Msg::$key => $nl),+ },
            }
        }
    };
}

catalog! {
    // Statuses (Dutch terms from DOMAIN.md).
    StatusNew => "new", "nieuw";
    StatusOpen => "open", "open";
    StatusPending => "pending", "wachtend";
    StatusOnHold => "on hold", "in de wacht";
    StatusSolved => "solved", "opgelost";
    StatusClosed => "closed", "gesloten";
    // Priorities.
    PriorityLow => "low", "laag";
    PriorityNormal => "normal", "normaal";
    PriorityHigh => "high", "hoog";
    PriorityUrgent => "urgent", "urgent";
    // Channels.
    ChannelEmail => "email", "e-mail";
    ChannelPhone => "phone", "telefoon";
    ChannelChat => "chat", "chat";
    ChannelSms => "SMS", "sms";
    ChannelSocial => "social", "sociale media";
    ChannelWeb => "web form", "webformulier";
    // Message kinds.
    KindPublic => "reply", "antwoord";
    KindInternal => "internal note", "interne notitie";
    KindCall => "phone call", "telefoongesprek";
    KindCustomer => "customer", "klant";

    // Event kinds in a ticket's history.
    EvCreated => "created", "aangemaakt";
    EvAssigned => "assigned", "toegewezen";
    EvStatusChanged => "status", "status";
    EvPriorityChanged => "priority", "prioriteit";
    EvEscalated => "escalated", "geëscaleerd";
    EvReopened => "reopened", "heropend";
    EvSolved => "solved", "opgelost";
    EvMerged => "merged", "samengevoegd";
    EvTagged => "tag added", "label toegevoegd";
    EvUntagged => "tag removed", "label verwijderd";
    EvTeamChanged => "team", "team";
    EvTierChanged => "tier", "lijn";
    EvLinked => "linked", "gekoppeld";
    // Command line.
    CliNoAgentForUser => "Your account '{user}' is not an agent of this desk: you can look, not change anything. An admin adds you with `loket agent add {user}`.",
        "Uw account '{user}' is geen medewerker van deze desk: u kunt kijken, niets wijzigen. Een beheerder voegt u toe met `loket agent add {user}`.";
    CliNoAgentChosen => "The system does not name your account: you can look, not change anything.",
        "Het systeem geeft uw account geen naam: u kunt kijken, niets wijzigen.";
    CliUnknownAgent => "No agent is named '{name}'. Known agents: {agents}",
        "Er is geen medewerker met de naam '{name}'. Bekende medewerkers: {agents}";
    CliNoAgents => "(none yet)", "(nog geen)";
    CliGenerated => "Generated {tickets} tickets, {customers} customers and {agents} agents in {path} ({seconds} s). A generated desk trusts --agent NAME; an admin ends that with `loket desk identity account`.",
        "{tickets} tickets, {customers} klanten en {agents} medewerkers aangemaakt in {path} ({seconds} s). Een aangemaakte desk vertrouwt --agent NAAM; een beheerder beëindigt dat met `loket desk identity account`.";
    CliInitDone => "Initialised {path} (schema {version}).", "{path} aangemaakt (schema {version}).";
    CliDemoCreating => "Creating the demo desk in {path}…", "De demodesk wordt aangemaakt in {path}…";
    CliDemoAgent => "Demo desk: working as {agent} ({name}). Use --agent NAME to be someone else.",
        "Demodesk: u werkt als {agent} ({name}). Gebruik --agent NAAM om iemand anders te zijn.";
    CliDemoIsReal => "{path} is your real database; the demo desk lives in its own file. Leave out --db, or pick another path.",
        "{path} is uw echte database; de demodesk staat in een eigen bestand. Laat --db weg, of kies een ander pad.";
    CliGenerateNeedsDb => "generate needs --db PATH (or $LOKET_DB): it never fills your default database by accident.",
        "generate heeft --db PAD (of $LOKET_DB) nodig: het vult uw standaarddatabase nooit per ongeluk.";
    CliGenerateReadOnly => "generate writes a database; leave out --read-only.",
        "generate schrijft een database; laat --read-only weg.";
    ErrNewerSchema => "{path} was written by a newer loket (schema {found}, this loket knows up to {supported}); upgrade loket to open it. Nothing was changed.",
        "{path} is geschreven door een nieuwere loket (schema {found}, deze loket kent tot {supported}); werk loket bij om het te openen. Er is niets veranderd.";
    ErrNotLoket => "{path} is an SQLite database of another program, not loket's; pass --db with a loket database or a new file name. Nothing was changed.",
        "{path} is een SQLite-database van een ander programma, niet van loket; geef met --db een loket-database of een nieuwe bestandsnaam op. Er is niets veranderd.";
    ErrNotADatabase => "{path} is not an SQLite database (or it is damaged); pass --db with a loket database or a new file name. Nothing was changed.",
        "{path} is geen SQLite-database (of is beschadigd); geef met --db een loket-database of een nieuwe bestandsnaam op. Er is niets veranderd.";
    ErrExists => "{path} exists already; pass --force to replace it, or another file name. Nothing was changed.",
        "{path} bestaat al; geef --force om het te vervangen, of een andere bestandsnaam. Er is niets gewijzigd.";
    ErrInUse => "{path} is in use: the console of {by} is open on it. Close every console and loket command on this desk, then try again. Nothing was changed.",
        "{path} is in gebruik: de console van {by} staat erop open. Sluit elke console en elk loket-commando op deze desk en probeer het opnieuw. Er is niets gewijzigd.";
    ErrInUseLock => "{path} is in use: another connection has it open (a console, a loket command or another program). Close them, then try again. Nothing was changed.",
        "{path} is in gebruik: een andere verbinding heeft het open (een console, een loket-commando of een ander programma). Sluit die en probeer het opnieuw. Er is niets gewijzigd.";
    ErrBadBackup => "{path} is not a sound loket backup: {problem}. Nothing was changed.",
        "{path} is geen gave loket-back-up: {problem}. Er is niets gewijzigd.";
    ErrBusy => "The database is busy: another loket is writing. Try again in a moment.",
        "De database is bezet: een andere loket schrijft. Probeer het zo opnieuw.";
    ErrLocked => "The database is locked by another program. Close it and try again.",
        "De database is vergrendeld door een ander programma. Sluit dat en probeer het opnieuw.";
    CliImportReadOnly => "import writes the database; leave out --read-only.",
        "import schrijft in de database; laat --read-only weg.";
    CliImported => "Imported {tickets} tickets ({skipped} already there), {customers} customers, {agents} agents and {messages} messages.",
        "{tickets} tickets geïmporteerd ({skipped} waren er al), {customers} klanten, {agents} medewerkers en {messages} berichten.";
    CliExported => "Exported {tickets} tickets to {file}.",
        "{tickets} tickets geëxporteerd naar {file}.";
    CliProgressRead => "read {done} of {total} tickets, {rate}/s, about {left} s left",
        "{done} van {total} tickets gelezen, {rate}/s, nog ongeveer {left} s";
    CliProgressWritten => "wrote {done} of {total} tickets, {rate}/s, about {left} s left",
        "{done} van {total} tickets geschreven, {rate}/s, nog ongeveer {left} s";
    CliStepIndexes => "building the indexes again",
        "de indexen worden opnieuw opgebouwd";
    CliStepLinks => "linking tickets, surveys and article views",
        "tickets, enquêtes en artikelweergaven worden gekoppeld";
    CliStepRollups => "computing the KPI rollups",
        "de KPI-samenvattingen worden berekend";
    CliStepCommitting => "committing (nothing is kept until this ends)",
        "vastleggen (er wordt niets bewaard voordat dit klaar is)";
    CliWriteReadOnly => "This command changes the desk; leave out --read-only.",
        "Deze opdracht wijzigt de desk; laat --read-only weg.";
    CliNeedAgent => "No agent is named '{name}'. Say who you are with --agent NAME.",
        "Er is geen medewerker met de naam '{name}'. Geef met --agent NAAM aan wie u bent.";
    CliListed => "{shown} of {total} tickets", "{shown} van {total} tickets";
    ErrReadOnly => "The database is open read-only; nothing can be changed from here.",
        "De database is alleen-lezen geopend; hier kan niets worden gewijzigd.";
    ErrNotFound => "{what} not found", "niet gevonden: {what}";
    CliRefuseGenerate => "{path} already holds tickets; generate writes only into an empty database. Pick a new --db path.",
        "{path} bevat al tickets; generate schrijft alleen in een lege database. Kies een nieuw --db-pad.";
    // `loket report`: KPI labels (Dutch terms from DOMAIN.md and KPIS.md).
    KpiReportTitle => "Report {from} – {to} ({zone})", "Rapport {from} – {to} ({zone})";
    KpiGroup => "{by}: {group}", "{by}: {group}";
    KpiVolume => "Ticket volume", "Ticketvolume";
    KpiByChannel => "  per channel", "  per kanaal";
    KpiByTeam => "  per team", "  per team";
    KpiByTag => "  per tag", "  per label";
    KpiBacklog => "Backlog now", "Aanvraagachterstand nu";
    KpiBacklogSplit => "{new} new, {assigned} assigned", "{new} nieuw, {assigned} toegewezen";
    KpiBacklogTrend => "Backlog at day end", "Achterstand aan het eind van de dag";
    KpiFrt => "First response time", "Eerste reactietijd";
    KpiFrtBusiness => "First response time (business hours)", "Eerste reactietijd (openingstijden)";
    KpiAvgResponse => "Average response time", "Gemiddelde reactietijd";
    KpiAht => "Average handle time", "Gemiddelde afhandelingstijd";
    KpiTalkTime => "Talk time", "Gespreksduur";
    KpiFcr => "First contact resolution", "Eerste contactoplossing";
    KpiTtr => "Time to resolution", "Oplostijd";
    KpiTtrBusiness => "Time to resolution (business hours)", "Oplostijd (openingstijden)";
    KpiResolutionRate => "Resolution rate", "Oplossingspercentage";
    KpiSlaCompliance => "SLA compliance", "SLA-naleving";
    KpiEscalationRate => "Escalation rate", "Escalatiegraad";
    KpiReopenRate => "Reopen rate", "Heropeningsgraad";
    KpiCsat => "Customer satisfaction (CSAT)", "Klanttevredenheid (CSAT)";
    KpiNps => "Net promoter score", "Netto promotor score";
    KpiSelfService => "Self-service ratio", "Selfserviceratio";
    KpiNoData => "no data", "geen gegevens";
    KpiSpread => "mean {mean} · median {median} · p90 {p90}", "gemiddeld {mean} · mediaan {median} · p90 {p90}";
    KpiMeanMedian => "mean {mean} · median {median}", "gemiddeld {mean} · mediaan {median}";
    KpiWindowPair => "Give --from and --to together (RFC 3339 times), or --window today|yesterday|7d|30d.",
        "Geef --from en --to samen (RFC 3339-tijden), of --window today|yesterday|7d|30d.";
    KpiWindowOrder => "--to ({to}) must be after --from ({from}).", "--to ({to}) moet na --from ({from}) liggen.";
    // `loket sla` and `loket hours`.
    SlaPolicyRow => "{priority}: first response {first}, resolution {resolution}",
        "{priority}: eerste reactie {first}, oplossing {resolution}";
    SlaNothingToSet => "Say which target to set: --first-response 4h, --resolution 2d, or both.",
        "Zeg welk doel er moet worden ingesteld: --first-response 4h, --resolution 2d, of beide.";
    HoursZone => "Time zone: {zone}", "Tijdzone: {zone}";
    HoursClosed => "closed", "gesloten";
    HoursHolidays => "Holidays:", "Feestdagen:";
    HoursNoHolidays => "No holidays.", "Geen feestdagen.";
    HoursBadZone => "'{zone}' is not an IANA time zone; use a name like Europe/Amsterdam or UTC.",
        "'{zone}' is geen IANA-tijdzone; gebruik een naam als Europe/Amsterdam of UTC.";
    HoursBadDays => "'{days}' is not a day or range of days; write mon, mon-fri, sat,sun or all.",
        "'{days}' is geen dag of reeks dagen; schrijf mon, mon-fri, sat,sun of all.";
    HoursBadIntervals => "'{hours}' is not a list of opening hours; write 09:00-17:00, several as 09:00-12:00,13:00-17:00, or closed.",
        "'{hours}' is geen lijst openingstijden; schrijf 09:00-17:00, meerdere als 09:00-12:00,13:00-17:00, of closed.";
    HoursBadDate => "'{date}' is not a date; write it as YYYY-MM-DD, like 2026-12-25.",
        "'{date}' is geen datum; schrijf hem als JJJJ-MM-DD, zoals 2026-12-25.";
    HoursNoSuchHoliday => "{date} is not a holiday of this desk; `loket hours show` lists them.",
        "{date} is geen feestdag van deze desk; `loket hours show` toont ze.";
    HoursNothingToSet => "Say what to set: days and hours (mon-fri 09:00-17:00), --timezone ZONE, or both.",
        "Zeg wat er moet worden ingesteld: dagen en uren (mon-fri 09:00-17:00), --timezone ZONE, of beide.";

    // Console: queue pane.
    QueueTitle => "Queue · {filter}", "Wachtrij · {filter}";
    FilterActive => "active", "actief";
    FilterAll => "all", "alle";
    QueuePosition => "{position} / {total}", "{position} / {total}";
    QueuePositionCounting => "… / {total}", "… / {total}";
    ColId => "#", "#";
    ColPriority => "Priority", "Prioriteit";
    ColStatus => "Status", "Status";
    ColSubject => "Subject", "Onderwerp";
    ColCustomer => "Customer", "Klant";
    ColAssignee => "Assignee", "Behandelaar";
    ColChannel => "Channel", "Kanaal";
    ColAge => "Age", "Leeftijd";
    ColSla => "SLA", "SLA";
    QueueEmptyDesk => "No tickets yet. Import a desk with `loket import FILE` (JSON or CSV), add one with `loket ticket new --subject S --customer EMAIL`, or try the demo desk: `loket demo`.",
        "Nog geen tickets. Importeer een desk met `loket import BESTAND` (JSON of CSV), maak er een met `loket ticket new --subject S --customer E-MAIL`, of probeer de demodesk: `loket demo`.";
    QueueEmptyFilter => "No tickets with this status. Press {key} to show another status.",
        "Geen tickets met deze status. Druk op {key} voor een andere status.";
    QueueEmptyNarrowed => "No tickets match the search and filters in the title. Press {filter} to change or clear the filters, {search} to change the search, {key} for another status.",
        "Geen tickets voor de zoekopdracht en filters in de titel. Druk op {filter} om de filters te wijzigen of te wissen, {search} om de zoekopdracht te wijzigen, {key} voor een andere status.";
    Loading => "Loading…", "Laden…";
    // Console: durations. Compact units: days, hours, minutes, seconds.
    UnitDay => "d", "d";
    UnitHour => "h", "u";
    UnitMinute => "m", "m";
    UnitSecond => "s", "s";
    SlaPaused => "paused", "gepauzeerd";
    SlaNone => "—", "—";
    SlaMet => "met {when}", "gehaald {when}";
    SlaBreachedAt => "breached, answered {when}", "overschreden, beantwoord {when}";
    SlaLeft => "{left} left, due {when}", "nog {left}, uiterlijk {when}";
    SlaOverdue => "{left} overdue, was due {when}", "{left} te laat, uiterlijk {when}";
    SlaPausedDue => "paused while waiting on the customer (due {when})", "gepauzeerd zolang de klant aan zet is (uiterlijk {when})";
    SlaSolved => "solved {when}", "opgelost {when}";
    // Console: ticket detail pane.
    DetailTitle => "Ticket #{id}", "Ticket #{id}";
    DetailNothing => "No ticket selected. Choose one in the queue and press {key}.",
        "Geen ticket gekozen. Kies er een in de wachtrij en druk op {key}.";
    LabelCustomer => "Customer", "Klant";
    LabelOrganisation => "Organisation", "Organisatie";
    LabelChannel => "Channel", "Kanaal";
    LabelStatus => "Status", "Status";
    LabelPriority => "Priority", "Prioriteit";
    LabelTier => "Tier", "Lijn";
    LabelTeam => "Team", "Team";
    LabelAssignee => "Assignee", "Behandelaar";
    LabelTags => "Tags", "Labels";
    LabelFirstResponse => "First response", "Eerste reactie";
    LabelResolution => "Resolution", "Oplossing";
    LabelCreated => "Created", "Aangemaakt";
    Unassigned => "unassigned", "niet toegewezen";
    NoValue => "—", "—";
    SectionThread => "Conversation", "Gesprek";
    SectionOtherTickets => "Other tickets of this customer", "Andere tickets van deze klant";
    SectionHistory => "History", "Geschiedenis";
    NoneListed => "none", "geen";
    EmptyThread => "No messages yet.", "Nog geen berichten.";
    TalkTime => "talk time {duration}", "gesprekstijd {duration}";
    AgentFallback => "agent", "medewerker";
    // Console: help overlay and status bar.
    HelpTitle => "Keys", "Toetsen";
    HelpClose => "Press {key} to close this help.", "Druk op {key} om deze hulp te sluiten.";
    ActionUp => "move up, scroll up", "omhoog";
    ActionDown => "move down, scroll down", "omlaag";
    ActionPageUp => "one page up", "een pagina omhoog";
    ActionPageDown => "one page down", "een pagina omlaag";
    ActionFirst => "go to the top", "naar het begin";
    ActionLast => "go to the bottom", "naar het einde";
    ActionOpen => "open the selected ticket", "het gekozen ticket openen";
    ActionBack => "back to the queue, close help", "terug naar de wachtrij, hulp sluiten";
    ActionSwitchPane => "switch between queue and ticket", "wisselen tussen wachtrij en ticket";
    ActionNextStatus => "next status filter", "volgend statusfilter";
    ActionPrevStatus => "previous status filter", "vorig statusfilter";
    ActionHelp => "show or hide this help", "deze hulp tonen of verbergen";
    ActionQuit => "quit loket", "loket afsluiten";
    ActionReply => "reply to the customer", "de klant antwoorden";
    ActionNote => "write an internal note", "een interne notitie schrijven";
    ActionViews => "choose a saved view", "een opgeslagen weergave kiezen";
    ActionFilter => "filter by priority, assignee, team, channel, tag or SLA", "filteren op prioriteit, behandelaar, team, kanaal, label of SLA";
    ActionSearch => "search subject, customer and messages", "zoeken in onderwerp, klant en berichten";
    ActionSort => "sort by the next column", "sorteren op de volgende kolom";
    ActionReverseSort => "reverse the sort order", "sorteervolgorde omdraaien";
    ActionMark => "mark the ticket for a bulk action", "ticket markeren voor een bulkactie";
    ActionPalette => "command palette: every action by name", "opdrachtenpalet: elke actie op naam";
    ActionSetStatus => "set the status", "status wijzigen";
    ActionSetPriority => "set the priority", "prioriteit wijzigen";
    ActionSetTier => "set the support tier", "ondersteuningslijn wijzigen";
    ActionAssignMe => "assign to me", "aan mij toewijzen";
    ActionAssignTo => "assign to an agent", "aan een medewerker toewijzen";
    ActionUnassign => "assign to nobody", "toewijzing weghalen";
    ActionSetTeam => "hand to a team", "aan een team overdragen";
    ActionAddTag => "add a tag", "label toevoegen";
    ActionRemoveTag => "remove a tag", "label verwijderen";
    ActionLogCall => "log a phone call with its talk time", "telefoongesprek vastleggen met gespreksduur";
    ActionNewTicket => "create a ticket", "nieuw ticket aanmaken";
    ActionMerge => "merge into another ticket", "samenvoegen met een ander ticket";
    ActionLink => "link a related ticket", "gerelateerd ticket koppelen";
    ActionComposerSend => "composer: send", "antwoordvenster: versturen";
    ActionComposerToggle => "composer: public reply or internal note", "antwoordvenster: antwoord of interne notitie";
    ActionComposerEditor => "composer: edit in $EDITOR", "antwoordvenster: bewerken in $EDITOR";
    ActionComposerCanned => "composer: insert a canned response", "antwoordvenster: vooraf ingestelde reactie invoegen";
    ActionComposerClose => "composer: close, keeping the draft", "antwoordvenster: sluiten, concept blijft bewaard";
    HintMove => "move", "kiezen";
    HintScroll => "scroll", "scrollen";
    HintOpen => "open", "openen";
    HintBack => "back", "terug";
    HintFilter => "status", "status";
    HintPane => "pane", "paneel";
    HintHelp => "help", "hulp";
    HintClose => "close", "sluiten";
    HintQuit => "quit", "stoppen";
    SignedInAs => "agent: {name}", "medewerker: {name}";
    NoAgent => "no agent", "geen medewerker";
    WorkerError => "Database: {error}", "Database: {error}";
    WorkerStopped => "The database worker stopped; quit and start loket again.",
        "De databasetaak is gestopt; sluit loket af en start het opnieuw.";
    // Console: keymap file errors (shown before the console starts).
    KeymapUnreadable => "Cannot read the keymap file {file}: {error}", "Kan het toetsenbestand {file} niet lezen: {error}";
    KeymapBadToml => "The keymap file {file} is not valid TOML: {error}", "Het toetsenbestand {file} is geen geldige TOML: {error}";
    KeymapUnknownTable => "The keymap file {file} has '{name}'; only a [keys] table is read.",
        "Het toetsenbestand {file} bevat '{name}'; alleen een tabel [keys] wordt gelezen.";
    KeymapUnknownAction => "The keymap file {file} binds '{name}', which is not an action. Actions: {actions}",
        "Het toetsenbestand {file} koppelt '{name}', maar dat is geen actie. Acties: {actions}";
    KeymapNotList => "In the keymap file {file}, '{name}' must be a list of keys, like [\"j\", \"down\"].",
        "In het toetsenbestand {file} moet '{name}' een lijst toetsen zijn, zoals [\"j\", \"down\"].";
    KeymapBadKey => "In the keymap file {file}, '{key}' (for '{name}') is not a key. Write keys like j, G, ?, enter, esc, tab, up, pagedown, home, f1, ctrl-d, alt-x.",
        "In het toetsenbestand {file} is '{key}' (voor '{name}') geen toets. Schrijf toetsen als j, G, ?, enter, esc, tab, up, pagedown, home, f1, ctrl-d, alt-x.";
    // Console: changes.
    WriteNeedsAgent => "Nobody is signed in, so nothing can be changed. Start loket with --agent NAME.",
        "Er is geen medewerker aangemeld, dus er kan niets worden gewijzigd. Start loket met --agent NAAM.";
    WriteReadOnly => "The console is open read-only; start it without --read-only to make changes.",
        "De console is alleen-lezen geopend; start zonder --read-only om iets te wijzigen.";
    WrittenOne => "Saved.", "Opgeslagen.";
    WrittenMany => "Saved for {count} tickets.", "Opgeslagen voor {count} tickets.";
    WrittenCreated => "Ticket #{id} created.", "Ticket #{id} aangemaakt.";
    WrittenReply => "Reply saved.", "Antwoord opgeslagen.";
    WrittenReplyQueued => "Reply saved and queued for e-mail.", "Antwoord opgeslagen en klaargezet voor e-mail.";
    WrittenReplyNotSetUp => "Reply saved; not e-mailed: the desk sends no mail (loket mail setup).",
        "Antwoord opgeslagen; niet gemaild: deze desk verstuurt geen mail (loket mail setup).";
    WrittenReplyNoAddress => "Reply saved; not e-mailed: the customer has no e-mail address.",
        "Antwoord opgeslagen; niet gemaild: de klant heeft geen e-mailadres.";
    WrittenMailRetried => "{count} e-mail(s) back in the queue; they go out on the next delivery pass.",
        "{count} e-mail(s) terug in de wachtrij; ze gaan mee met de volgende bezorgronde.";
    WrittenMailNothing => "Nothing to retry: no failed or in-doubt e-mail on this ticket.",
        "Niets opnieuw te versturen: geen mislukte of onzekere e-mail bij dit ticket.";
    // Console: what became of a reply's e-mail (the thread).
    MailQueued => "queued for e-mail", "in de wachtrij voor e-mail";
    MailSending => "being handed to the mail relay…", "wordt aan de mailrelay gegeven…";
    MailDeferred => "not sent yet ({tries} tries): {error} · next try {when}",
        "nog niet verstuurd ({tries} pogingen): {error} · volgende poging {when}";
    MailSent => "e-mailed {when} · relay: {reply}", "gemaild {when} · relay: {reply}";
    MailFailed => "not e-mailed, failed: {reason}", "niet gemaild, mislukt: {reason}";
    MailBounced => "bounced: {reason}", "teruggekomen (bounce): {reason}";
    MailInDoubt => "in doubt: a process stopped while handing it to the relay, which may have it",
        "onzeker: een proces stopte tijdens het overdragen aan de relay, die hem misschien heeft";
    MailRetryHint => "{key} retries", "{key} opnieuw";
    MailNotEmailedNotSetUp => "not e-mailed: the desk sends no mail", "niet gemaild: deze desk verstuurt geen mail";
    MailNotEmailedNoAddress => "not e-mailed: the customer has no e-mail address", "niet gemaild: de klant heeft geen e-mailadres";
    WrittenNote => "Internal note saved.", "Interne notitie opgeslagen.";
    WriteFailed => "Not saved: {error}", "Niet opgeslagen: {error}";
    // Mail out (`loket mail send|watch|retry`).
    MailOutSent => "sent #{id} to {to}: {reply}", "verstuurd #{id} aan {to}: {reply}";
    MailOutDeferred => "not sent yet #{id} to {to}: {error}; next try {at}",
        "nog niet verstuurd #{id} aan {to}: {error}; volgende poging {at}";
    MailOutFailed => "failed #{id} to {to}: {error}", "mislukt #{id} aan {to}: {error}";
    MailOutInDoubt => "in doubt #{id}: the relay may have it; check with the recipient or the relay's log, then loket mail retry {id}",
        "onzeker #{id}: de relay heeft hem misschien; vraag het de ontvanger of kijk in het log van de relay, dan loket mail retry {id}";
    MailOutProblem => "No mail sent: {problem}", "Geen mail verstuurd: {problem}";
    MailOutSurveysQueued => "Queued {count} survey invitations that fell due.", "{count} enquête-uitnodigingen in de wachtrij gezet die aan de beurt waren.";
    MailOutSummary => "{sent} sent, {deferred} to try again, {failed} failed, {doubt} in doubt.",
        "{sent} verstuurd, {deferred} later opnieuw, {failed} mislukt, {doubt} onzeker.";
    MailOutSomeFailed => "{count} mail(s) could not be sent; see the lines above, fix the cause and run loket mail retry ID.",
        "{count} mail(s) niet verstuurd; zie de regels hierboven, verhelp de oorzaak en voer loket mail retry ID uit.";
    RetryNotSetUp => "Nothing retried: this desk sends no mail (no transport or From address); set it up with loket mail setup.",
        "Niets opnieuw geprobeerd: deze desk verstuurt geen mail (geen verzendwijze of afzender); stel die in met loket mail setup.";
    MailOutNotSetUp => "The desk sends no mail: mail.transport is none or mail.address is empty. Set them with loket mail setup.",
        "Deze desk verstuurt geen mail: mail.transport is none of mail.address is leeg. Stel ze in met loket mail setup.";
    MailWatchStarted => "Delivering mail every {secs} s; stop with Ctrl-C or SIGTERM.",
        "Mail wordt elke {secs} s bezorgd; stoppen met Ctrl-C of SIGTERM.";
    MailWatchStopped => "Stopped delivering mail.", "Mailbezorging gestopt.";
    MailRetryWhich => "Say which mail to retry: loket mail retry ID, or --ticket N.",
        "Zeg welke mail opnieuw moet: loket mail retry ID, of --ticket N.";
    MailRetried => "{count} mail(s) back in the queue.", "{count} mail(s) terug in de wachtrij.";
    // Console: reply composer.
    ComposerReplyTitle => "Reply to #{id} · {customer}", "Antwoord op #{id} · {customer}";
    ComposerNoteTitle => "Internal note on #{id}", "Interne notitie bij #{id}";
    ComposerPublicLine => "Public reply — for the customer", "Openbaar antwoord — voor de klant";
    ComposerPublicMailed => "Public reply — e-mailed to {email}", "Openbaar antwoord — wordt gemaild naar {email}";
    ComposerPublicNotEmailed => "Public reply — kept in the thread, {why}", "Openbaar antwoord — blijft in de draad, {why}";
    ComposerInternalLine => "Internal note — not visible to the customer", "Interne notitie — niet zichtbaar voor de klant";
    ComposerPlaceholder => "Type here…", "Typ hier…";
    ComposerThen => "on send: {actions}", "bij versturen: {actions}";
    ComposerEmpty => "Nothing to send yet: type a message first.", "Nog niets te versturen: typ eerst een bericht.";
    ComposerConfirmReply => "Send reply? Enter send · p send+pending · s send+solved · Esc back",
        "Antwoord versturen? Enter versturen · p versturen+wachtend · s versturen+opgelost · Esc terug";
    ComposerConfirmNote => "Save internal note? Enter save · p save+pending · s save+solved · Esc back",
        "Interne notitie opslaan? Enter opslaan · p opslaan+wachtend · s opslaan+opgelost · Esc terug";
    ComposerSending => "Saving…", "Opslaan…";
    PickerCanned => "Canned responses", "Vooraf ingestelde reacties";
    PickerNoMatch => "Nothing matches; Backspace to widen the search.", "Niets gevonden; Backspace om ruimer te zoeken.";
    PickerKeys => "type to search · ↑/↓ choose · Enter take · Esc close", "typ om te zoeken · ↑/↓ kiezen · Enter nemen · Esc sluiten";
    PaletteTitle => "Commands", "Opdrachten";
    ChooseStatus => "Status for {what}", "Status voor {what}";
    ChoosePriority => "Priority for {what}", "Prioriteit voor {what}";
    ChooseTier => "Support tier for {what}", "Ondersteuningslijn voor {what}";
    ChooseAgent => "Assign {what} to", "{what} toewijzen aan";
    TierName => "tier {tier}", "lijn {tier}";
    Nobody => "nobody", "niemand";
    ChooseTeam => "Team for {what}", "Team voor {what}";
    NoTeam => "no team", "geen team";
    TicketRef => "#{id}", "#{id}";
    MarkedTickets => "{count} marked tickets", "{count} gemarkeerde tickets";
    NoTicket => "Choose a ticket first.", "Kies eerst een ticket.";
    InputTag => "Tag to add to {what}", "Label om toe te voegen aan {what}";
    InputUntag => "Tag to remove from {what}", "Label om te verwijderen van {what}";
    InputCall => "Phone call on {what}: talk time (7m, 420, 1h5m, 7:30), then a note", "Telefoongesprek bij {what}: gespreksduur (7m, 420, 1u5m, 7:30), dan een notitie";
    InputMerge => "Merge {what} into ticket number", "{what} samenvoegen met ticketnummer";
    InputLink => "Link {what} to ticket number", "{what} koppelen aan ticketnummer";
    InputKeys => "Enter OK · Esc cancel", "Enter OK · Esc annuleren";
    BadTalkTime => "'{text}' is not a talk time; write 7m, 420, 1h5m or 7:30.", "'{text}' is geen gespreksduur; schrijf 7m, 420, 1u5m of 7:30.";
    BadTicketNumber => "'{text}' is not a ticket number; write 12 or #12.", "'{text}' is geen ticketnummer; schrijf 12 of #12.";
    ConfirmMerge => "Merge #{source} into #{target}? Its thread moves over and #{source} is closed. Enter merge · Esc back",
        "#{source} samenvoegen met #{target}? Het gesprek gaat mee en #{source} wordt gesloten. Enter samenvoegen · Esc terug";
    FormTitle => "New ticket", "Nieuw ticket";
    FormSubject => "Subject", "Onderwerp";
    FormEmail => "Customer e-mail", "E-mail klant";
    FormName => "Customer name (optional)", "Naam klant (optioneel)";
    FormChannel => "Channel", "Kanaal";
    FormPriority => "Priority", "Prioriteit";
    FormMessage => "First message", "Eerste bericht";
    FormKeys => "Tab/↓ next field · Ctrl-s or Enter on the last field create · Esc cancel",
        "Tab/↓ volgend veld · Ctrl-s of Enter op het laatste veld aanmaken · Esc annuleren";
    FormBad => "{field}: {error}", "{field}: {error}";
    HintSend => "send", "versturen";
    HintSearch => "search", "zoeken";
    HintViews => "views", "weergaven";
    ViewAllOpen => "All open", "Alle open";
    ViewMyOpen => "My open", "Mijn open";
    ViewUnassigned => "Unassigned", "Niet toegewezen";
    ViewDueSoon => "Due soon", "Bijna verlopen";
    FiltersTitle => "Filter the queue", "Wachtrij filteren";
    FilterPriority => "priority {value}", "prioriteit {value}";
    FilterChannel => "channel {value}", "kanaal {value}";
    FilterMine => "mine", "van mij";
    FilterAnyone => "anyone's", "van iedereen";
    FilterBreached => "SLA breached", "SLA overschreden";
    FilterDueSoon => "SLA due within an hour", "SLA verloopt binnen een uur";
    FilterTag => "tag…", "label…";
    FilterTagPrompt => "Show tickets with the tag", "Toon tickets met het label";
    FilterClear => "clear filters", "filters wissen";
    FilterAgent => "assigned to…", "toegewezen aan…";
    FilterTeam => "team…", "team…";
    FilterTeamIs => "team {value}", "team {value}";
    ActionSaveView => "save the queue as a view", "de wachtrij opslaan als weergave";
    InputViewName => "Save this view as", "Deze weergave opslaan als";
    ViewNameEmpty => "a view needs a name", "een weergave heeft een naam nodig";
    WrittenViewSaved => "view “{name}” saved", "weergave “{name}” opgeslagen";
    WrittenViewRemoved => "view “{name}” removed", "weergave “{name}” verwijderd";
    ConfirmRemoveView => "Remove the view “{name}”?", "De weergave “{name}” verwijderen?";
    ViewsTitle => "Views · Del removes one you saved", "Weergaven · Del verwijdert een eigen";
    InputSearch => "Search subject, customer and messages (Esc clears the search)", "Zoeken in onderwerp, klant en berichten (Esc wist de zoekopdracht)";
    SortedBy => "Sorted by {column}.", "Gesorteerd op {column}.";
    QueueSort => "sort: {column}", "sortering: {column}";
    QueueSortDescending => "sort: {column} ↓", "sortering: {column} ↓";
    QueueMarked => "{count} marked", "{count} gemarkeerd";
    HintPalette => "commands", "opdrachten";
    HintKind => "reply/note", "antwoord/notitie";
    HintCanned => "canned", "standaardtekst";
    HintEditor => "$EDITOR", "$EDITOR";
    HintReply => "reply", "antwoorden";
    HintNote => "note", "notitie";
    EditorFailed => "The editor did not finish ({error}); the draft is unchanged.", "De editor is niet goed afgesloten ({error}); het concept is ongewijzigd.";
    // Knowledge base (issue 4).
    KbAdded => "Added article {id} ({slug}).", "Artikel {id} ({slug}) toegevoegd.";
    KbImported => "Read {files} files: {added} articles added, {replaced} replaced.", "{files} bestanden gelezen: {added} artikelen toegevoegd, {replaced} vervangen.";
    KbExported => "Wrote {count} articles to {dir}.", "{count} artikelen geschreven naar {dir}.";
    KbRemoved => "Removed article {id} ({slug}).", "Artikel {id} ({slug}) verwijderd.";
    KbViewSelfService => "Recorded a self-service view of {slug}.", "Zelfbedieningsweergave van {slug} vastgelegd.";
    KbViewAgent => "Recorded a view of {slug}.", "Weergave van {slug} vastgelegd.";
    ActionKnowledgeBase => "knowledge base: browse, search, read", "kennisbank: bladeren, zoeken, lezen";
    ActionInsertSuggestion => "insert the best suggested article", "beste voorgestelde artikel invoegen";
    ActionComposerKb => "composer: insert a KB article", "antwoordvenster: kennisbankartikel invoegen";
    ActionKbInsert => "knowledge base: insert into the reply", "kennisbank: in het antwoord invoegen";
    KbTitle => "Knowledge base", "Kennisbank";
    KbCategories => "Categories", "Categorieën";
    KbSuggestedFor => "Suggested for #{ticket}", "Voorgesteld voor #{ticket}";
    KbResults => "Results for “{query}”", "Resultaten voor “{query}”";
    KbNoResults => "No article matches; try fewer or other words.", "Geen artikel gevonden; probeer minder of andere woorden.";
    KbNoSuggestions => "No article matches this ticket. Press / to search.", "Geen artikel past bij dit ticket. Druk op / om te zoeken.";
    KbEmptyCategory => "No articles here.", "Hier staan geen artikelen.";
    KbEmpty => "The knowledge base has no articles yet; add some with loket kb add FILE.md.", "De kennisbank heeft nog geen artikelen; voeg ze toe met loket kb add BESTAND.md.";
    KbSearchPrompt => "Search: ", "Zoeken: ";
    KbSearchHint => "/ search", "/ zoeken";
    KbPickArticle => "Choose an article on the left and press {key} to read it.", "Kies links een artikel en druk op {key} om het te lezen.";
    KbInternal => "internal", "intern";
    KbPublic => "public", "openbaar";
    KbFaq => "FAQ", "veelgestelde vraag";
    KbUpdated => "updated {when}", "bijgewerkt {when}";
    KbBy => "by {author}", "door {author}";
    KbLoading => "Loading…", "Laden…";
    KbNoTicket => "Open a ticket first: the article goes into its reply.", "Open eerst een ticket: het artikel komt in het antwoord daarop.";
    KbInternalInReply => "This article is internal; customers cannot open it. Switch the composer to an internal note (Ctrl-t) to insert it.", "Dit artikel is intern; klanten kunnen het niet openen. Zet het antwoordvenster op interne notitie (Ctrl-t) om het in te voegen.";
    KbInserted => "Inserted “{title}”; the link is recorded on #{ticket}.", "“{title}” ingevoegd; de link is vastgelegd bij #{ticket}.";
    SectionKb => "Knowledge base", "Kennisbank";
    KbSuggestedLine => "suggested", "voorgesteld";
    KbLinkedLine => "linked", "gekoppeld";
    KbOpenHint => "{first}: insert the first into the reply · {key}: knowledge base", "{first}: de eerste in het antwoord invoegen · {key}: kennisbank";
    HintKb => "knowledge base", "kennisbank";
    HintInsert => "insert", "invoegen";
    HintDone => "done", "klaar";
    HintRead => "read", "lezen";
    KbNoCustomer => "No customer has the e-mail address '{email}'.", "Geen klant heeft het e-mailadres '{email}'.";
    KbUnreadable => "Cannot read {path}: {error}", "Kan {path} niet lezen: {error}";
    KbNoFiles => "{dir} holds no .md files; kb export writes one per article.", "{dir} bevat geen .md-bestanden; kb export schrijft er één per artikel.";
    KbUnknownAuthor => "{file}: no agent is named '{name}' (author:).", "{file}: er is geen medewerker met de naam '{name}' (author:).";
    FmNoStart => "the file must start with a front matter block: a line ---, then title: and category:, then ---", "het bestand moet beginnen met een front-matterblok: een regel ---, dan title: en category:, dan ---";
    FmNotKeyValue => "front matter line {line}: '{text}' is not key: value", "front matter regel {line}: '{text}' is geen sleutel: waarde";
    FmUnknownKey => "front matter line {line}: unknown key '{key}'; known keys: title, category, slug, department, tags, language, visibility, faq, author, created, updated", "front matter regel {line}: onbekende sleutel '{key}'; bekende sleutels: title, category, slug, department, tags, language, visibility, faq, author, created, updated";
    FmNotClosed => "the front matter block is not closed by a line ---", "het front-matterblok wordt niet afgesloten met een regel ---";
    FmMissing => "the front matter has no {name}:", "de front matter heeft geen {name}:";
    FmBadFaq => "faq: '{value}' is not true or false", "faq: '{value}' is niet true of false";
    FmBadTime => "{key}: '{value}' is not an RFC 3339 time like 2026-11-23T12:00:00Z", "{key}: '{value}' is geen RFC 3339-tijd zoals 2026-11-23T12:00:00Z";
    KbCannotWrite => "Cannot write {path}", "Kan {path} niet schrijven";
    KbBadUrl => "'{url}' is not a web address; give one starting with https://", "'{url}' is geen webadres; geef er een dat begint met https://";
    // --- Dashboard and KPI rollups (issue 5) ---
    KpiChurn => "Churn rate", "Klantverloop";
    KpiRetention => "Retention", "Klantenbehoud";
    KpiCltv => "Customer lifetime value", "Klantlevenswaarde";
    KpiCollisions => "Agent collisions", "Agentbotsingen";
    DashTitle => "Dashboard · {window}", "Dashboard · {window}";
    DashWindowToday => "today", "vandaag";
    DashWindowYesterday => "yesterday", "gisteren";
    // The agent table's row of tickets nobody has (short: a table cell).
    DashUnassigned => "unassigned", "niemand";
    DashWindow7d => "last 7 days", "laatste 7 dagen";
    DashWindow30d => "last 30 days", "laatste 30 dagen";
    DashLoading => "Loading the figures…", "De cijfers worden geladen…";
    DashBacklog => "Backlog", "Achterstand";
    DashBacklogNow => "{new} new now", "nu {new} nieuw";
    DashFrt => "First response (median)", "Eerste reactie (mediaan)";
    DashTtr => "Time to resolution (median)", "Oplostijd (mediaan)";
    DashCsat => "CSAT", "CSAT";
    DashNps => "NPS", "NPS";
    DashVsPrevious => "{change} vs previous", "{change} t.o.v. vorige";
    DashNoChange => "= previous", "= vorige";
    DashNoPrevious => "no earlier data", "geen eerdere gegevens";
    DashTeams => "Teams", "Teams";
    DashAgents => "Agents", "Medewerkers";
    DashColGroup => "Name", "Naam";
    DashColHandled => "Handled", "Behand.";
    DashColAht => "AHT", "AHT";
    DashColFcr => "FCR", "FCR";
    DashColResolution => "Resol.", "Opgel.";
    DashColCsat => "CSAT", "CSAT";
    DashColLoad => "Load", "Last";
    DashColWorking => "Working on", "Werkt aan";
    DashWorkingAgo => "#{id} {ago} ago: {subject}", "#{id} {ago} geleden: {subject}";
    DashEmptyTable => "Nothing in this window yet.", "Nog niets in deze periode.";
    DashExplainKeys => "Esc or ? closes · j/k scroll", "Esc of ? sluit · j/k scrollen";
    DashNotHere => "The dashboard only shows figures: D goes back to the queue to work tickets.", "Het dashboard toont alleen cijfers: met D ga je terug naar de wachtrij om tickets te behandelen.";
    DashReadOnly => "read-only", "alleen-lezen";
    HintDashboard => "dashboard", "dashboard";
    HintWindow => "window", "periode";
    HintExplain => "explain", "uitleg";
    HintTables => "teams/agents", "teams/medewerkers";
    ActionDashboard => "the KPI dashboard, and back to the queue", "het KPI-dashboard, en terug naar de wachtrij";
    ActionNextWindow => "dashboard: today, yesterday, 7 or 30 days", "dashboard: vandaag, gisteren, 7 of 30 dagen";
    ExplainBacklog => "Backlog: tickets not yet solved — new (no assignee) plus open, pending and on hold (assigned). The big figure and the line are the backlog at the end of each day of the window, replayed from the status history; beside it, how many are new (unassigned) right now.",
        "Achterstand: tickets die nog niet zijn opgelost — nieuw (niemand toegewezen) plus open, wachtend en in de wacht (toegewezen). Het grote getal en de lijn zijn de achterstand aan het eind van elke dag van de periode, nagespeeld uit de statusgeschiedenis; ernaast hoeveel er op dit moment nieuw (niet toegewezen) zijn.";
    ExplainVolume => "Ticket volume: the number of tickets created in the window (per day in the line).",
        "Ticketvolume: het aantal tickets dat in de periode is aangemaakt (per dag in de lijn).";
    ExplainFrt => "First response time: for each ticket whose first agent contact falls in the window, that contact's time minus the ticket's creation time. An agent contact is a public reply or a logged call; internal notes never count. Shown: the median (calendar time); mean and p90 in loket report.",
        "Eerste reactietijd: voor elk ticket waarvan het eerste contact door een medewerker in de periode valt, het tijdstip van dat contact min het aanmaaktijdstip. Een contact is een openbaar antwoord of een vastgelegd telefoongesprek; interne notities tellen nooit mee. Getoond: de mediaan (kalendertijd); gemiddelde en p90 in loket report.";
    ExplainAvgResponse => "Average response time: for every agent contact in the window that answers customer messages, its time minus the earliest customer message not yet answered; the mean of those waits.",
        "Gemiddelde reactietijd: voor elk contact door een medewerker in de periode dat klantberichten beantwoordt, het tijdstip min dat van het oudste nog onbeantwoorde klantbericht; het gemiddelde van die wachttijden.";
    ExplainAht => "Average handle time: (active time of work sessions that ended in the window + talk time of calls in it) ÷ the number of distinct tickets that had any. Idle time in a session does not count.",
        "Gemiddelde afhandelingstijd: (actieve tijd van werksessies die in de periode eindigden + gespreksduur van gesprekken erin) ÷ het aantal verschillende tickets waarbij dat gebeurde. Inactieve tijd in een sessie telt niet mee.";
    ExplainTalkTime => "Talk time: the mean duration of the phone calls logged in the window.",
        "Gespreksduur: de gemiddelde duur van de telefoongesprekken die in de periode zijn vastgelegd.";
    ExplainFcr => "First contact resolution: of the tickets solved in the window that had an agent contact, the share with exactly one agent contact that were never reopened.",
        "Eerste contactoplossing: van de tickets die in de periode zijn opgelost en contact met een medewerker hadden, het deel met precies één contact dat nooit is heropend.";
    ExplainTtr => "Time to resolution: for tickets solved in the window, the last solve time minus the creation time. Shown: the median (calendar time); the mean (MTTR) and business-hours figures are in loket report.",
        "Oplostijd: voor tickets die in de periode zijn opgelost, het laatste oplostijdstip min het aanmaaktijdstip. Getoond: de mediaan (kalendertijd); het gemiddelde (MTTR) en de cijfers in openingstijden staan in loket report.";
    ExplainResolutionRate => "Resolution rate: of the tickets each agent held in the window (assigned to them while unsolved at some moment of it, also when assigned before it), the share that agent solved in the window; pooled over the agents (per agent in the agents table). Never above 100%.",
        "Oplossingspercentage: van de tickets die een medewerker in de periode had (op enig moment ervan aan hem of haar toegewezen en nog niet opgelost, ook als dat al voor de periode zo was), het deel dat die medewerker in de periode oploste; opgeteld over de medewerkers (per medewerker in de tabel). Nooit boven 100%.";
    ExplainSlaCompliance => "SLA compliance: every ticket with a policy has a first-response and a resolution target, each due at the time stored on the ticket. Of the targets due in the window and decided (achieved, or past due), the share achieved at or before the due time.",
        "SLA-naleving: elk ticket met een beleid heeft een doel voor de eerste reactie en een voor de oplossing, elk met de deadline die op het ticket is vastgelegd. Van de doelen met een deadline in de periode die beslist zijn (gehaald, of verlopen), het deel dat op of voor de deadline is gehaald.";
    ExplainEscalationRate => "Escalation rate: of the tickets created in the window, the share escalated so far (tier raised or handed to another team or specialist).",
        "Escalatiegraad: van de tickets die in de periode zijn aangemaakt, het deel dat tot nu toe is geëscaleerd (hogere lijn of overgedragen aan een ander team of specialist).";
    ExplainReopenRate => "Reopen rate: of the tickets solved in the window, the share that was reopened at some point after a solve.",
        "Heropeningsgraad: van de tickets die in de periode zijn opgelost, het deel dat na een oplossing ooit weer is geopend.";
    ExplainCsat => "Customer satisfaction: of the survey answers (1 to 5) received in the window, the share that is 4 or 5.",
        "Klanttevredenheid: van de enquêteantwoorden (1 tot 5) die in de periode binnenkwamen, het deel dat een 4 of 5 is.";
    ExplainNps => "Net promoter score: of the answers (0 to 10) received in the window, % promoters (9–10) minus % detractors (0–6), from −100 to 100.",
        "Netto promotor score: van de antwoorden (0 tot 10) die in de periode binnenkwamen, % promotors (9–10) min % criticasters (0–6), van −100 tot 100.";
    ExplainSelfService => "Self-service ratio: of the contacts in the window (knowledge-base views recorded as self-service plus tickets created), the share that was self-service.",
        "Selfserviceratio: van de contacten in de periode (kennisbankweergaven die als selfservice zijn vastgelegd plus aangemaakte tickets), het deel dat selfservice was.";
    RollupState => "Rollups hold {tickets} tickets in {rows} rows and {durations} durations for exact medians; every write keeps them current.", "De rollups bevatten {tickets} tickets in {rows} rijen en {durations} tijdsduren voor exacte medianen; elke wijziging houdt ze bij.";
    RollupRebuilt => "Rollups rebuilt from {tickets} tickets ({rows} rows, {durations} durations).", "Rollups opnieuw berekend uit {tickets} tickets ({rows} rijen, {durations} tijdsduren).";
    BackupWritten => "Backup written to {path}: {tickets} tickets, schema {schema}, {size}.",
        "Back-up geschreven naar {path}: {tickets} tickets, schema {schema}, {size}.";
    RestoreDone => "Desk {desk} restored from {from}: {tickets} tickets.",
        "Desk {desk} hersteld uit {from}: {tickets} tickets.";
    CheckSound => "The desk is sound: SQLite's integrity check and the foreign keys found nothing, and {rows} rollup rows match the {tickets} tickets.",
        "De desk is gaaf: de integriteitscontrole van SQLite en de verwijzende sleutels vonden niets, en {rows} rollup-rijen kloppen met de {tickets} tickets.";
    CheckProblems => "check found {count} problem(s); see above.",
        "check vond {count} probleem/problemen; zie hierboven.";
    // Many agents on one desk: agents, next ticket, routing, escalation, collisions.
    AgentAvailable => "available", "beschikbaar";
    AgentAway => "away", "afwezig";
    AgentOffline => "offline", "offline";
    AgentRemoved => "Removed {name}; {count} open tickets went back to the queue.",
        "{name} verwijderd; {count} openstaande tickets zijn terug in de wachtrij.";
    AgentSummary => "role {role} · tier {tier} · {status} · {load} of {capacity} tickets",
        "rol {role} · lijn {tier} · {status} · {load} van {capacity} tickets";
    AgentLists => "teams: {teams}\nskills: {skills}\nlanguages: {languages}",
        "teams: {teams}\nvaardigheden: {skills}\ntalen: {languages}";
    NextClaimed => "Ticket #{id} is yours now.", "Ticket #{id} is nu van u.";
    ActionNextTicket => "take the next ticket (most urgent you may work on)", "volgende ticket nemen (het dringendste dat u mag oppakken)";
    ActionToggleAway => "set yourself away / available", "uzelf afwezig / beschikbaar zetten";
    PresenceStatusNow => "You are {status} now.", "U bent nu {status}.";
    PresenceWarnReply => "{agents} is writing a reply to this ticket. Press {key} again to write one anyway.",
        "{agents} schrijft een antwoord op dit ticket. Druk nogmaals op {key} om toch te schrijven.";
    PresenceAlsoReplying => "Careful: {agents} is replying to this ticket too.",
        "Let op: {agents} beantwoordt dit ticket ook.";
    PresenceReplying => "✎ {agents} replying", "✎ {agents} schrijft een antwoord";
    PresenceViewing => "◉ {agents} viewing", "◉ {agents} bekijkt dit ticket";
    SignedInWithStatus => "agent: {name} · {status}", "medewerker: {name} · {status}";
    ComposerHeldTitle => "Not sent: the ticket changed since you started this draft.",
        "Niet verstuurd: het ticket is gewijzigd sinds u dit concept begon.";
    ComposerHeldMessage => "new message ({kind})", "nieuw bericht ({kind})";
    ComposerHeldSomeone => "customer or system", "klant of systeem";
    ComposerHeldKeys => "Enter send anyway · Esc edit the draft first",
        "Enter toch versturen · Esc eerst het concept aanpassen";
    RouteNone => "No routing rules: new tickets wait without a team. Add one with `loket route add`.",
        "Geen routeringsregels: nieuwe tickets wachten zonder team. Voeg er een toe met `loket route add`.";
    RouteRemoved => "Removed routing rule {id}.", "Routeringsregel {id} verwijderd.";
    EscalateThresholdSet => "Tickets due within {minutes} minutes are now escalated automatically (0: never).",
        "Tickets die binnen {minutes} minuten verlopen, worden nu automatisch geëscaleerd (0: nooit).";
    EscalateAutoDone => "Escalated {count} tickets about to breach their SLA: {tickets}",
        "{count} tickets die hun SLA bijna overschrijden geëscaleerd: {tickets}";
    EscalateUsage => "Say what to escalate: loket escalate ID --tier|--team NAME|--expert NAME --reason TEXT, or --once for every ticket about to breach.",
        "Geef aan wat u escaleert: loket escalate ID --tier|--team NAAM|--expert NAAM --reason TEKST, of --once voor elk ticket dat bijna verloopt.";
    RestrictOn => "Agents with teams now see only their own teams' tickets.", "Medewerkers met teams zien nu alleen de tickets van hun eigen teams.";
    RestrictOff => "Every agent sees every ticket.", "Elke medewerker ziet elk ticket.";
    ActionRetryMail => "retry the ticket's failed or in-doubt reply e-mails", "mislukte of onzekere antwoordmails van het ticket opnieuw versturen";
    ActionEscalate => "escalate: next tier, another team or an expert", "escaleren: volgende lijn, ander team of een specialist";
    EscalateTitle => "Escalate #{id} to", "#{id} escaleren naar";
    EscalateNextTier => "the next tier", "de volgende lijn";
    EscalateToTeam => "team {team}", "team {team}";
    EscalateToExpert => "expert {agent}", "specialist {agent}";
    EscalateReason => "Why escalate #{id}?", "Waarom #{id} escaleren?";
    EscalateNeedsReason => "An escalation needs a reason: say why.", "Een escalatie heeft een reden nodig: geef aan waarom.";
    EscalateAutoNotice => "Escalated automatically (SLA about to breach): {tickets}", "Automatisch geëscaleerd (SLA bijna overschreden): {tickets}";
    CliOtherTeamsTicket => "Ticket {id} belongs to another team; this desk shows agents only their own teams' tickets.",
        "Ticket {id} hoort bij een ander team; deze desk toont medewerkers alleen de tickets van hun eigen teams.";
    NextQueueEmpty => "The queue is empty: no unassigned ticket matches your teams, tier, skills and languages.",
        "De wachtrij is leeg: geen enkel niet-toegewezen ticket past bij uw teams, lijn, vaardigheden en talen.";
    // Knowledge-base filters in the console (kbfilter): department, language, tag, visibility.
    ActionKbFilter => "filter articles: department, language, tag, visibility", "artikelen filteren: afdeling, taal, label, zichtbaarheid";
    KbFiltersTitle => "Filter the knowledge base", "Kennisbank filteren";
    KbFilterDepartment => "department {value}", "afdeling {value}";
    KbFilterLanguage => "language {value}", "taal {value}";
    KbFilterTag => "tag #{value}", "label #{value}";
    KbFilterVisibility => "only {value}", "alleen {value}";
    KbFilterRemove => "remove filter: {value}", "filter weghalen: {value}";
    KbFilterClear => "clear all filters", "alle filters wissen";
    KbFilterNothing => "No articles match the filters; press {key} to change them.", "Geen artikelen passen bij de filters; druk op {key} om ze te wijzigen.";
    HintKbFilter => "filter", "filteren";
    // Mail settings and state (loket mail setup, loket mail status).
    LabelCc => "Cc", "Cc";
    MailSetupSaved => "Mail settings saved.", "E-mailinstellingen opgeslagen.";
    MailSettingsTitle => "Mail settings", "E-mailinstellingen";
    MailFrom => "from", "afzender";
    MailTeamFrom => "team from", "afzender team";
    MailAliases => "also the desk", "ook de desk";
    MailTransport => "mail leaves by", "verzenden via";
    MailTransportNone => "nothing: replies stay in the thread and are not e-mailed (set --transport smtp or sendmail)",
        "niets: antwoorden blijven in de draad en worden niet gemaild (stel --transport smtp of sendmail in)";
    MailSmtpUser => ", user {user}, password from {source}", ", gebruiker {user}, wachtwoord uit {source}";
    MailSmtpCa => ", certificates checked against {file}", ", certificaten gecontroleerd met {file}";
    MailPasswordFromFile => "file {file}", "bestand {file}";
    MailHook => "ticket hook", "ticketkenmerk";
    MailLimits => "limits", "grenzen";
    MailLimitsValue => "mail in up to {size}, attachments up to {attachment}, {senders} mails a sender an hour, {attempts} tries",
        "binnenkomende mail tot {size}, bijlagen tot {attachment}, {senders} mails per afzender per uur, {attempts} pogingen";
    MailAck => "acknowledgement", "ontvangstbevestiging";
    MailSurveys => "surveys", "enquêtes";
    MailSurveysValue => "CSAT {csat}, NPS {nps}, {delay} after the solve", "CSAT {csat}, NPS {nps}, {delay} na het oplossen";
    MailOn => "on", "aan";
    MailOff => "off", "uit";
    MailNotSet => "not set", "niet ingesteld";
    MailPasswordFileMissing => "Warning: the password file {file} cannot be read here; the process that sends mail must be able to read it.",
        "Let op: het wachtwoordbestand {file} is hier niet leesbaar; het proces dat mail verstuurt moet het kunnen lezen.";
    MailPasswordEnvMissing => "Warning: ${var} is not set here; the process that sends mail needs it (or use --smtp-password-file).",
        "Let op: ${var} is hier niet gezet; het proces dat mail verstuurt heeft het nodig (of gebruik --smtp-password-file).";
    MailPlainRelay => "Warning: mail to {host} goes unencrypted; use --smtp-security starttls or tls for a relay on another host.",
        "Let op: mail naar {host} gaat onversleuteld; gebruik --smtp-security starttls of tls voor een relay op een andere machine.";
    MailOutboxTitle => "Outbox", "Postvak uit";
    MailOutboxCounts => "queued {queued}, sending {sending}, in doubt {doubt}, sent {sent} ({day} in the last 24 h), failed {failed}, bounced {bounced}",
        "in de wachtrij {queued}, bezig {sending}, onzeker {doubt}, verzonden {sent} ({day} in de laatste 24 uur), mislukt {failed}, gebounced {bounced}";
    MailOldestQueued => "the oldest queued mail waits since {ago}", "de oudste mail in de wachtrij wacht sinds {ago}";
    MailQueuedNotSending => "nothing sends it: the desk has no transport or From address (loket mail setup)",
        "niets verstuurt die: de desk heeft geen verzendwijze of afzender (loket mail setup)";
    MailStateFailed => "failed", "mislukt";
    MailStateBounced => "bounced", "gebounced";
    MailStateInDoubt => "in doubt", "onzeker";
    MailQuarantineTitle => "Kept aside (loket mail failed)", "Apart gehouden (loket mail failed)";
    MailQuarantineCount => "{count} kept aside, the latest {ago}", "{count} apart gehouden, de laatste {ago}";
    MailQuarantineEmpty => "nothing", "niets";
    MailAgo => "{amount} ago", "{amount} geleden";

    // Mail in (issue 11): what loket writes itself about mail it took.
    MailNoText => "(the mail had no text)", "(de mail had geen tekst)";
    MailNoSubject => "(no subject)", "(geen onderwerp)";
    MailAckBody => "Hello {name},\n\nThank you for your mail. We have received it as ticket {hook} and will answer as soon as we can.\nWhen you write to us about this again, please keep {hook} in the subject.\n\nYour mail: {subject}\n\nThis is an automatic message.",
        "Beste {name},\n\nBedankt voor uw mail. We hebben hem ontvangen als ticket {hook} en antwoorden zo snel mogelijk.\nHoud {hook} in het onderwerp als u ons hier nog eens over schrijft.\n\nUw mail: {subject}\n\nDit is een automatisch bericht.";
    MailTooLargeSubject => "Your mail did not reach us: too large ({subject})", "Uw mail is niet aangekomen: te groot ({subject})";
    MailTooLargeBody => "Hello,\n\nYour mail \"{subject}\" is {size}, more than the {limit} our desk takes in, so it did not reach us.\nPlease send it again with smaller attachments, or share large files as a link.\n\nThis is an automatic message.",
        "Beste afzender,\n\nUw mail \"{subject}\" is {size}, meer dan de {limit} die onze klantenservice aanneemt, en is daarom niet aangekomen.\nStuur hem alstublieft opnieuw met kleinere bijlagen, of deel grote bestanden via een link.\n\nDit is een automatisch bericht.";
    EvMailBounced => "mail bounced", "mail onbestelbaar";
    EvSurveyAnswered => "survey answered", "enquête beantwoord";
    EvSurveysOptedOut => "customer wants no more surveys", "klant wil geen enquêtes meer";
    QuotedFolded => "… quoted history, {lines} lines ({key} to show)", "… geciteerde geschiedenis, {lines} regels ({key} om te tonen)";
    QuotedShown => "quoted history ({key} to hide)", "geciteerde geschiedenis ({key} om te verbergen)";
    MailOutThreaded => "added to ticket #{id}", "toegevoegd aan ticket #{id}";
    MailOutReopened => "added to ticket #{id}, which is open again", "toegevoegd aan ticket #{id}, dat weer open is";
    MailOutNewTicket => "new ticket #{id}", "nieuw ticket #{id}";
    MailOutFollowUp => "new ticket #{id}, a follow-up of closed ticket #{old}", "nieuw ticket #{id}, een vervolg op gesloten ticket #{old}";
    MailOutAcknowledged => "{what}; the customer's acknowledgement is queued", "{what}; de ontvangstbevestiging aan de klant staat klaar";
    MailOutDuplicate => "taken before (ticket #{id}); nothing changed", "al eerder aangenomen (ticket #{id}); niets veranderd";
    MailOutBounced => "a delivery report: outgoing mail {outbox} is marked bounced", "een afleverbericht: uitgaande mail {outbox} is gemarkeerd als onbestelbaar";
    MailOutReport => "a delivery report that marks nothing (delayed or delivered)", "een afleverbericht dat niets markeert (vertraagd of afgeleverd)";
    MailOutSurvey => "a survey answer on ticket #{id}", "een enquêteantwoord op ticket #{id}";
    MailOutSurveyOptOut => "no more surveys for the customer of ticket #{id} (they answered stop)", "geen enquêtes meer voor de klant van ticket #{id} (die antwoordde stop)";
    MailOutQuarantined => "kept aside as failed mail {id} ({reason}): {detail}. See loket mail failed.", "apart gezet als mislukte mail {id} ({reason}): {detail}. Zie loket mail failed.";
    MailOutAnswered => "{what} The sender was told.", "{what} De afzender heeft bericht gekregen.";
    MailUnavailable => "the desk cannot take mail now ({error}); the mail server will try again later", "de klantenservice kan nu geen mail aannemen ({error}); de mailserver probeert het later opnieuw";
    MailReadFailed => "could not read the message on standard input: {error}", "kon het bericht op standaardinvoer niet lezen: {error}";
    MailImportDone => "{source}: taken {taken} (threaded {threaded}, new tickets {new}, survey answers {surveys}), duplicates {duplicates}, bounces {bounces}, quarantined {quarantined}",
        "{source}: aangenomen {taken} (in een draad {threaded}, nieuwe tickets {new}, enquêteantwoorden {surveys}), dubbel {duplicates}, onbestelbaar {bounces}, apart gezet {quarantined}";
    MailImportUnmarked => "could not mark {file} as read: {error}", "kon {file} niet als gelezen markeren: {error}";
    MailFailedNone => "No failed mail.", "Geen mislukte mail.";
    MailFailedHeader => "id  received              reason            sender                        subject                         size",
        "id  ontvangen             reden             afzender                      onderwerp                       grootte";
    MailFailedDropped => "Failed mail {id} dropped.", "Mislukte mail {id} verwijderd.";
    MailFailedRetried => "Failed mail {id}: {what}", "Mislukte mail {id}: {what}";
    MailFailedRetryWhich => "Say which failed mail to retry: loket mail failed retry ID, or --all (loket mail failed lists them).",
        "Geef aan welke mislukte mail opnieuw moet: loket mail failed retry ID, of --all (loket mail failed toont ze).";
    ActionToggleQuoted => "show or hide quoted mail history", "geciteerde mailgeschiedenis tonen of verbergen";
    // Attachments and surveys by mail (issue 11, helper ATT).
    ActionComposerAttach => "composer: attach a file (Tab completes the path)", "antwoordvenster: bestand bijvoegen (Tab vult het pad aan)";
    ActionComposerDetach => "composer: remove an attached file", "antwoordvenster: bijgevoegd bestand weghalen";
    ActionSaveAttachment => "save one of the ticket's attachments to disk", "een bijlage van het ticket op schijf opslaan";
    AttachNone => "This ticket has no attachments.", "Dit ticket heeft geen bijlagen.";
    AttachChooseTitle => "Save which attachment?", "Welke bijlage opslaan?";
    AttachSavePrompt => "Save {name} as (Tab completes)", "{name} opslaan als (Tab vult aan)";
    AttachSaved => "Saved {name} to {path} ({size}).", "{name} opgeslagen in {path} ({size}).";
    AttachOverwrite => "{path} exists already. Overwrite it?", "{path} bestaat al. Overschrijven?";
    AttachOverwriteKeys => "Enter overwrite · Esc keep the file", "Enter overschrijven · Esc bestand behouden";
    AttachNotSaved => "Not saved: {path} stays as it was.", "Niet opgeslagen: {path} blijft zoals het was.";
    AttachPathPrompt => "Attach which file? (Tab completes)", "Welk bestand bijvoegen? (Tab vult aan)";
    AttachAdded => "Attached {name} ({size}); it goes with the reply.", "{name} bijgevoegd ({size}); het gaat mee met het antwoord.";
    AttachRemoved => "Removed {name} from the reply.", "{name} weggehaald uit het antwoord.";
    AttachDetachTitle => "Remove which file from the reply?", "Welk bestand uit het antwoord weghalen?";
    AttachNoneInReply => "No files are attached to this reply.", "Er zijn geen bestanden bij dit antwoord gevoegd.";
    AttachPathKeys => "Tab complete · Enter OK · Esc cancel", "Tab aanvullen · Enter OK · Esc annuleren";
    AttachNoMatch => "Nothing there starts with that; check the path.", "Daar begint niets zo; controleer het pad.";
    AttachInline => "inline image", "afbeelding in de tekst";
    AttachThreadHintOne => "1 attachment · {key} saves it", "1 bijlage · {key} slaat hem op";
    AttachThreadHint => "{count} attachments · {key} saves one", "{count} bijlagen · {key} slaat er een op";
    AttachComposerFiles => "Files: {files} · {key} removes one", "Bestanden: {files} · {key} haalt er een weg";
    AttachCannedAdded => "The canned response attached {files}.", "Het standaardantwoord voegde {files} bij.";
    SurveyLine => "Survey: {answers}", "Enquête: {answers}";
    SurveyCsat => "CSAT {score}/5", "CSAT {score}/5";
    SurveyNps => "NPS {score}/10", "NPS {score}/10";
    CliAttachExists => "{path} exists already; add --force to overwrite it, or choose another --out.", "{path} bestaat al; voeg --force toe om het te overschrijven, of kies een andere --out.";
    CliAttachSaved => "Saved {name} to {path} ({size}).", "{name} opgeslagen in {path} ({size}).";
    CliNoAttachments => "Ticket {id} has no attachments.", "Ticket {id} heeft geen bijlagen.";
    CliSurveysOff => "{email} gets no more survey mails.", "{email} krijgt geen enquêtemails meer.";
    CliSurveysOn => "{email} gets survey mails again.", "{email} krijgt weer enquêtemails.";
    CliCustomerSurveys => "surveys by mail: {state}", "enquêtes per mail: {state}";
    CliSurveysStateOn => "on", "aan";
    CliSurveysStateOff => "off (opted out)", "uit (afgemeld)";
    CliCustomerTickets => "Tickets:", "Tickets:";
    CliCustomerAnswers => "Survey answers:", "Enquêteantwoorden:";
    CliNone => "(none)", "(geen)";
    SurveyMailSubjectCsat => "How did we do? {subject}", "Hoe hebben we het gedaan? {subject}";
    SurveyMailSubjectNps => "Would you recommend us? {subject}", "Zou u ons aanbevelen? {subject}";
    SurveyMailBodyCsat => "Hello {name},\n\nYour request \"{subject}\" ({hook}) has been solved. How satisfied are you with the help you got?\n\nReply with one number from 1 to 5 as the first line of your answer (1: very dissatisfied, 5: very satisfied); anything below it is read as your comment.",
        "Beste {name},\n\nUw vraag \"{subject}\" ({hook}) is opgelost. Hoe tevreden bent u over de hulp die u kreeg?\n\nAntwoord met één getal van 1 tot 5 op de eerste regel van uw antwoord (1: zeer ontevreden, 5: zeer tevreden); alles daaronder lezen we als uw toelichting.";
    SurveyMailBodyNps => "Hello {name},\n\nYour request \"{subject}\" ({hook}) has been solved. How likely are you to recommend us to a friend or colleague?\n\nReply with one number from 0 to 10 as the first line of your answer (0: not at all likely, 10: extremely likely); anything below it is read as your comment.",
        "Beste {name},\n\nUw vraag \"{subject}\" ({hook}) is opgelost. Hoe waarschijnlijk is het dat u ons aanbeveelt bij een vriend of collega?\n\nAntwoord met één getal van 0 tot 10 op de eerste regel van uw antwoord (0: zeer onwaarschijnlijk, 10: zeer waarschijnlijk); alles daaronder lezen we als uw toelichting.";
    SurveyMailStop => "Rather not get these questions? Reply with the word {word} and we will not ask again.",
        "Liever geen vragen meer zoals deze? Antwoord met het woord {word} en we vragen het niet meer.";
    // Rights, identity and audit (issue 12).
    RefusedMissing => "Refused for {who}, {role}: this needs the right '{right}' ({what}), which {holders} hold. Ask an admin. Nothing was changed.",
        "Geweigerd voor {who} ({role}): dit vraagt het recht '{right}' ({what}), dat {holders} hebben. Vraag het een beheerder. Er is niets gewijzigd.";
    RefusedNoAgent => "Refused: no agent of this desk acts here. An admin adds you with `loket agent add NAME`. Nothing was changed.",
        "Geweigerd: hier handelt geen medewerker van deze desk. Een beheerder voegt u toe met `loket agent add NAAM`. Er is niets gewijzigd.";
    RefusedOwnRole => "Refused: nobody raises their own role; another admin must do it. Nothing was changed.",
        "Geweigerd: niemand verhoogt zijn eigen rol; een andere beheerder moet dat doen. Er is niets gewijzigd.";
    RefusedLastAdmin => "Refused: the desk would be left without an admin; make another agent admin first. Nothing was changed.",
        "Geweigerd: de desk zou geen beheerder meer hebben; maak eerst een andere medewerker beheerder. Er is niets gewijzigd.";
    RoleAgent => "an agent", "medewerker";
    RoleSupervisor => "a supervisor", "teamleider";
    RoleAdmin => "an admin", "beheerder";
    HoldersSupervisor => "supervisors and admins", "teamleiders, beheerders";
    HoldersAdmin => "only admins", "alleen beheerders";
    HoldersAgent => "all agents", "alle medewerkers";
    RightWorkTickets => "work tickets: reply, note, status, priority, tags, claim, escalate", "tickets behandelen: antwoorden, notities, status, prioriteit, labels, oppakken, escaleren";
    RightReassign => "reassign tickets across teams", "tickets aan andere teams toewijzen";
    RightManageViews => "manage the desk's shared views", "gedeelde weergaven van de desk beheren";
    RightManageCanned => "manage canned responses", "vooraf ingestelde reacties beheren";
    RightManageKb => "manage knowledge-base articles", "kennisbankartikelen beheren";
    RightSeeReports => "see every report and the audit", "alle rapporten en de audit zien";
    RightManageAgents => "manage agents", "medewerkers beheren";
    RightManageRoles => "manage roles", "rollen beheren";
    RightManageTeams => "manage teams", "teams beheren";
    RightManageSla => "manage SLA policies", "SLA-beleid beheren";
    RightManageHours => "manage business hours and holidays", "openingstijden en feestdagen beheren";
    RightManageRoutes => "manage routing rules", "routeringsregels beheren";
    RightManageMail => "manage mail settings", "e-mailinstellingen beheren";
    RightManageRestriction => "manage the team restriction and the identity setting", "de teambeperking en de identiteitsinstelling beheren";
    RightManageDesk => "import whole desks, back up and restore them, rebuild rollups", "hele desks importeren, back-uppen en herstellen, rollups herbouwen";
    CliUnknownAccount => "Your account '{user}' is not an agent of this desk, so loket writes nothing for it. An admin adds you with `loket agent add {user}` (a new desk: `loket init --admin {user}`).",
        "Uw account '{user}' is geen medewerker van deze desk, dus loket schrijft er niets voor. Een beheerder voegt u toe met `loket agent add {user}` (een nieuwe desk: `loket init --admin {user}`).";
    CliAgentFlagRefused => "--agent {name} is refused here: this desk acts as the account running loket ('{user}'). Only admins, root and desks whose identity setting trusts the flag (`loket desk identity trust-flag`) may act as someone else.",
        "--agent {name} wordt hier geweigerd: deze desk handelt als het account dat loket draait ('{user}'). Alleen beheerders, root en desks waarvan de identiteitsinstelling de vlag vertrouwt (`loket desk identity trust-flag`) mogen als iemand anders handelen.";
    CliNoAccount => "The operating system does not name the account running loket (uid {uid}); loket writes nothing without a known agent.",
        "Het besturingssysteem geeft geen naam voor het account dat loket draait (uid {uid}); loket schrijft niets zonder bekende medewerker.";
    CliInitAdmin => "{name} is an admin of this desk.", "{name} is beheerder van deze desk.";
    CliInitAdminExists => "This desk has an admin already; an admin adds others with `loket agent add NAME --role admin`.",
        "Deze desk heeft al een beheerder; een beheerder voegt anderen toe met `loket agent add NAAM --role admin`.";
    IdentityAccount => "Identity: loket acts as the account running it; --agent only for admins and root.",
        "Identiteit: loket handelt als het account dat het draait; --agent alleen voor beheerders en root.";
    IdentityTrustFlag => "Identity: --agent NAME is trusted on this desk (a single-user or test desk).",
        "Identiteit: --agent NAAM wordt op deze desk vertrouwd (een desk voor één gebruiker of om te testen).";
    AuditNothing => "No settings changed in this period.", "In deze periode zijn geen instellingen gewijzigd.";
    AuditSystem => "(system)", "(systeem)";
    KeyRefused => "{key}: needs the right '{right}' ({holders}); you are {role}.",
        "{key}: vraagt recht '{right}' ({holders}); u bent {role}.";
    HelpNeedsRight => "{action} (needs the right '{right}')", "{action} (vraagt het recht '{right}')";
}
