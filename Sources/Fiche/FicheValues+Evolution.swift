import FrenchNumbers
import TradeData

/// The sentences that answer «is it going up or down, and faster or slower than France?» when the
/// data holds the year before complete; none otherwise (`evolution_existe` false). Built here,
/// not in the template: each flow has six cases (rising, falling, stable, new, vanished, absent)
/// crossed with France's three, and no case may divide by zero or print «+100 %» for what did
/// not exist.
extension FicheValues {
    /// `evolution_existe`, `evolution_annee`, `evolution_texte` (one paragraph, both flows) and,
    /// per flow, `exports_evolution_courte` (« (+4,2 % par rapport à 2023) », or empty).
    static func evolutionValues(_ report: DepartementReport, subjectDe: String) -> [String: Any] {
        var v: [String: Any] = ["evolution_existe": false, "exports_evolution_courte": "", "imports_evolution_courte": "",
                                "annees_graphique": report.years.count >= ChartInputs.minimumYears,
                                "annees_premiere": report.years.first.map { String($0.year) } ?? ""]
        guard let previous = report.previousYear else { return v }
        let year = previous.year
        var sentences: [String] = []
        for (flow, key, noun) in [(TradeFlow.exports, "exports", "exportations"), (.imports, "imports", "importations")] {
            let e = previous.flow(flow)
            if let sentence = flowSentence(e, noun: noun, subjectDe: subjectDe, year: year, currentYear: report.year,
                                           region: report.isRegionFiche || report.region.departementCodes.count < 2
                                               ? nil : report.region.comparisonName.withDe) {
                sentences.append(sentence)
            }
            v["\(key)_evolution_courte"] = shortEvolution(e.own, year: year)
        }
        v["evolution_existe"] = !sentences.isEmpty
        v["evolution_annee"] = String(year)
        v["evolution_texte"] = sentences.joined(separator: " ")
        let partners = report.departementTrade.partners.compactMap { p -> [String: Any]? in
            guard let e = previous.partnerExports[p.code], let i = previous.partnerImports[p.code] else { return nil }
            return ["nom": FrenchTypography.curlyApostrophes(p.name), "exportations": partnerChange(e, year: year),
                    "importations": partnerChange(i, year: year)]
        }
        v["partenaires_evolution"] = partners
        v["partenaires_evolution_existe"] = !partners.isEmpty
        // A région's départements, in the order of its chart (the largest first).
        let departements = (report.regionSubject.map(ChartInputs.rankedDepartements) ?? []).compactMap { d -> [String: Any]? in
            guard let (e, i) = previous.departements[d.code] else { return nil }
            return ["nom": FrenchTypography.curlyApostrophes(ChartInputs.departementLabel(d)), "exportations": partnerChange(e, year: year),
                    "importations": partnerChange(i, year: year)]
        }
        v["departements_evolution"] = departements
        v["departements_evolution_existe"] = !departements.isEmpty
        return v
    }

    /// A partner's flow since the year before, in the list of the evolution page: «+4,2 %»,
    /// «stables», «nouvelles», «nulles (1,2 M€ en 2023)», «quasi nulles en 2023», «nulles».
    static func partnerChange(_ e: Evolution, year: Int) -> String {
        switch e.direction {
        case .absent: return "nulles"
        case .new: return "nouvelles"
        case .vanished: return "nulles (\(FrenchNumber.millionsOfEuros(Double(e.previousEUR))) en \(year))"
        case .rising, .falling, .stable:
            if e.previousEUR < negligibleEUR { return "quasi nulles en \(year)" }
            if e.direction == .stable || roundsToZero(e) { return "stables" }
            return signedPercent(e.changePct ?? 0)
        }
    }

    /// Below this, an amount the year before reads «quasi nul» (it rounds to 0,0 million): a
    /// percentage of it would mean nothing.
    static let negligibleEUR: Int64 = 50_000

    /// «+4,2 %», «−3,1 %» (U+2212), one decimal.
    static func signedPercent(_ pct: Double) -> String {
        FrenchNumber.format(pct, decimals: 1, sign: true) + "\u{00A0}%"
    }

    /// Whether the change shows as «0,0 %»: said «stable» whatever its sign.
    static func roundsToZero(_ e: Evolution) -> Bool {
        guard let pct = e.changePct else { return false }
        return FrenchNumber.format(abs(pct), decimals: 1) == "0,0"
    }

    /// One flow's sentence: the territory's change, then France's (and the région's) beside it.
    static func flowSentence(_ e: FlowEvolution, noun: String, subjectDe: String, year: Int, currentYear: Int,
                             region: String?) -> String? {
        let own = e.own
        let subject = "Les \(noun) \(subjectDe)"
        switch own.direction {
        case .absent:
            return nil
        case .vanished:
            return "Les douanes n’ont enregistré aucune \(noun.dropLast()) \(subjectDe) en \(currentYear), contre "
                + "\(amount(own.previousEUR)) en \(year)."
        case .new:
            return "\(subject), nulles en \(year), atteignent \(amount(own.currentEUR)) en \(currentYear)."
        case .rising, .falling, .stable:
            if own.previousEUR < negligibleEUR {
                return "\(subject), quasi nulles en \(year) (moins de 0,1\u{00A0}million d’euros), atteignent "
                    + "\(amount(own.currentEUR)) en \(currentYear)."
            }
            var text = movement(own, subject: subject, year: year)
            text += comparison(own, with: e.france, name: "de la France")
            if let region {
                text += ". Celles \(region) " + (regionMovement(e.region))
            }
            return text + "."
        }
    }

    /// «Les exportations du Val-d’Oise ont progressé de 4,2 % par rapport à 2023 (+975,3 M€)».
    static func movement(_ e: Evolution, subject: String, year: Int) -> String {
        let change = FrenchNumber.millionsOfEuros(Double(e.changeEUR), sign: true)
        guard e.direction != .stable, !roundsToZero(e), let pct = e.changePct else {
            return "\(subject) sont restées stables par rapport à \(year) (\(change))"
        }
        let verb = pct > 0 ? "ont progressé" : "ont reculé"
        return "\(subject) \(verb) de \(FrenchNumber.format(abs(pct), decimals: 1))\u{00A0}% par rapport à \(year) (\(change))"
    }

    /// «, plus vite que celles de la France (+1,1 %)», «, alors que celles de la France ont reculé (−2,0 %)».
    static func comparison(_ own: Evolution, with other: Evolution, name: String) -> String {
        guard let theirs = other.changePct, other.previousEUR > 0, other.currentEUR > 0 else { return "" }
        let ownStable = own.direction == .stable || roundsToZero(own)
        let otherStable = other.direction == .stable || roundsToZero(other)
        let shown = signedPercent(theirs)
        if ownStable {
            return otherStable ? ", comme celles \(name)"
                : ", alors que celles \(name) ont \(theirs > 0 ? "progressé" : "reculé") (\(shown))"
        }
        let mine = own.changePct ?? 0
        if otherStable { return ", quand celles \(name) sont restées stables" }
        if (mine > 0) != (theirs > 0) {
            return ", alors que celles \(name) ont \(theirs > 0 ? "progressé" : "reculé") (\(shown))"
        }
        let a = FrenchNumber.format(abs(mine), decimals: 1), b = FrenchNumber.format(abs(theirs), decimals: 1)
        if a == b { return ", au même rythme que celles \(name) (\(shown))" }
        let faster = abs(mine) > abs(theirs)
        let words = mine > 0 ? (faster ? "plus vite" : "moins vite") : (faster ? "plus fortement" : "moins fortement")
        return ", \(words) que celles \(name) (\(shown))"
    }

    /// «ont progressé de 2,0 %», «ont reculé de 0,8 %», «sont restées stables».
    static func regionMovement(_ e: Evolution) -> String {
        guard let pct = e.changePct, e.direction == .rising || e.direction == .falling, !roundsToZero(e) else {
            return e.direction == .new ? "étaient nulles l’année précédente" : "sont restées stables"
        }
        return "ont \(pct > 0 ? "progressé" : "reculé") de \(FrenchNumber.format(abs(pct), decimals: 1))\u{00A0}%"
    }

    /// For the key figures: « (+4,2 % par rapport à 2023) », « (stables par rapport à 2023) »,
    /// « (nulles en 2023) »; empty when there is nothing to say.
    static func shortEvolution(_ e: Evolution, year: Int) -> String {
        switch e.direction {
        case .absent, .vanished: return ""
        case .new: return " (nulles en \(year))"
        case .rising, .falling, .stable:
            if e.previousEUR < negligibleEUR { return " (quasi nulles en \(year))" }
            if e.direction == .stable || roundsToZero(e) { return " (stables par rapport à \(year))" }
            return " (\(signedPercent(e.changePct ?? 0)) par rapport à \(year))"
        }
    }
}

extension Evolution {
    /// As the fiche's key figures say it: «+4,2 % par rapport à 2023», «stables par rapport à
    /// 2023», «nulles en 2023»; empty when there is nothing to say (for the web page).
    package func frenchSummary(since year: Int) -> String {
        FicheValues.shortEvolution(self, year: year).trimmingCharacters(in: [" ", "(", ")"])
    }
}
