import Foundation

/// A file embedded in the PDF and associated with it (PDF/A-3 `/AF`, relationship `/Data`):
/// the numbers behind a chart, or the fiche's figures.
package struct PDFAttachment: Sendable, Equatable {
    /// File name, e.g. "graphique-3-activites.csv".
    package var name: String
    /// MIME type, e.g. "text/csv".
    package var mimeType: String
    /// What the file holds, in the document's language.
    package var description: String
    package var data: Data
    /// The 0-based index, among the document's Figure structure elements, of the chart the
    /// file belongs to; nil for a file about the whole document.
    package var figure: Int?

    package init(name: String, mimeType: String, description: String, data: Data, figure: Int? = nil) {
        self.name = name
        self.mimeType = mimeType
        self.description = description
        self.data = data
        self.figure = figure
    }
}

/// What the finishing step adds to a cairo PDF.
package struct PDFFinishingOptions: Sendable {
    /// The document's language (`/Lang`), e.g. "fr-FR".
    package var language: String
    /// The ICC profile of the output intent (sRGB: the fiche is drawn in RGB).
    package var iccProfile: Data
    /// The alternative text of each Figure structure element, in document order.
    package var figureAlternatives: [String]
    /// Files to embed.
    package var attachments: [PDFAttachment]

    package init(language: String = "fr-FR", iccProfile: Data, figureAlternatives: [String] = [],
                attachments: [PDFAttachment] = []) {
        self.language = language
        self.iccProfile = iccProfile
        self.figureAlternatives = figureAlternatives
        self.attachments = attachments
    }
}

/// Turns the PDF cairo writes into a PDF/UA-1 and PDF/A-3b document, after the fact, with
/// qpdf: language, viewer preferences, XMP metadata, output intent, deterministic `/ID`,
/// page labels, artifacts around untagged drawing, link descriptions and print flags, tab
/// order, Type 1 character sets, figure alternative texts and attached data files.
/// It adds objects and marked-content operators, and changes no drawing.
package enum PDFFinisher {
    /// The finished document.
    package static func finish(_ pdf: Data, options: PDFFinishingOptions) throws -> Data {
        let document = try QPDFDocument(pdf)
        let root = document.root
        guard root.isDictionary else { throw PDFFinishingError.unexpectedStructure("no document catalog") }
        let info = fixInfoDates(document)
        root.set("Lang", document.text(options.language))
        root.set("ViewerPreferences", document.parse("<< /DisplayDocTitle true >>"))
        root.set("MarkInfo", document.parse("<< /Marked true >>"))
        root.set("PageLabels", document.parse("<< /Nums [ 0 << /S /D >> ] >>"))
        root.set("Metadata", metadataStream(document, info: info, language: options.language))
        root.set("OutputIntents", document.array([outputIntent(document, profile: options.iccProfile)]))
        var visited = Set<String>()
        for page in document.pages {
            try markArtifacts(on: page, in: document)
            describeAnnotations(on: page, in: document)
            try addCharacterSets(resources: page["Resources"], document: document, visited: &visited)
        }
        let figures = figureElements(document)
        for (figure, text) in zip(figures, options.figureAlternatives) {
            figure.set("Alt", document.text(text))
        }
        attach(options.attachments, figures: figures, document: document)
        return try document.write()
    }

    /// The Info dictionary's entries, with its dates given the `D:` prefix cairo 1.16 omits.
    static func fixInfoDates(_ document: QPDFDocument) -> [String: String] {
        let info = document.trailer["Info"]
        guard info.isDictionary else { return [:] }
        var values: [String: String] = [:]
        for key in info.keys {
            guard let text = info[key].text else { continue }
            if key == "CreationDate" || key == "ModDate", !text.hasPrefix("D:") {
                info.set(key, document.bytes("D:" + text))
                values[key] = "D:" + text
            } else {
                values[key] = text
            }
        }
        return values
    }

    static func metadataStream(_ document: QPDFDocument, info: [String: String], language: String) -> QPDFObject {
        let packet = XMPPacket(
            title: info["Title"] ?? "", author: info["Author"], subject: info["Subject"], keywords: info["Keywords"],
            creatorTool: info["Creator"], producer: info["Producer"],
            createDate: info["CreationDate"].flatMap(XMPPacket.isoDate(fromPDF:)),
            modifyDate: info["ModDate"].flatMap(XMPPacket.isoDate(fromPDF:)), language: language)
        return document.stream(Data(packet.xml.utf8), dictionary: "<< /Type /Metadata /Subtype /XML >>", compress: false)
    }

    static func outputIntent(_ document: QPDFDocument, profile: Data) -> QPDFObject {
        let icc = document.stream(profile, dictionary: "<< /N 3 >>")
        let intent = document.parse(
            "<< /Type /OutputIntent /S /GTS_PDFA1 /OutputConditionIdentifier (sRGB IEC61966-2.1) /Info (sRGB IEC61966-2.1) /RegistryName (http://www.color.org) >>")
        intent.set("DestOutputProfile", icc)
        return intent
    }

    /// Wraps the page's untagged drawing in `/Artifact` marked content.
    static func markArtifacts(on page: QPDFObject, in document: QPDFDocument) throws {
        let content = try page.pageContentData()
        let marked = ContentArtifacts.mark(content)
        guard marked != content else { return }
        page.set("Contents", document.stream(marked))
    }

    /// Links get a description and the print flag; a page with annotations gets the
    /// structure tab order.
    static func describeAnnotations(on page: QPDFObject, in document: QPDFDocument) {
        let annotations = page["Annots"]
        guard annotations.isArray, !annotations.items.isEmpty else { return }
        page.set("Tabs", document.name("S"))
        for annotation in annotations.items {
            annotation.set("F", document.integer(4))
            guard annotation["Subtype"].name == "Link", annotation["Contents"].text?.isEmpty ?? true else { continue }
            annotation.set("Contents", document.text(linkDescription(annotation)))
        }
    }

    /// "Écrire à adresse@…" for a mail link, "Lien vers https://…" for a web link, else
    /// "Lien interne".
    static func linkDescription(_ annotation: QPDFObject) -> String {
        guard let uri = annotation["A"]["URI"].text, !uri.isEmpty else { return "Lien interne vers une autre page de la fiche" }
        if uri.lowercased().hasPrefix("mailto:") { return "Écrire à " + uri.dropFirst(7) }
        return "Lien vers " + uri
    }

    /// Gives every Type 1 (CFF) font subset its `/CharSet`, read from the embedded font
    /// program, in the resources and in the forms and patterns they use.
    static func addCharacterSets(resources: QPDFObject, document: QPDFDocument, visited: inout Set<String>) throws {
        guard resources.isDictionary else { return }
        let fonts = resources["Font"]
        if fonts.isDictionary {
            for key in fonts.keys {
                let font = fonts[key]
                guard visited.insert(font.syntax).inserted else { continue }
                try addCharacterSet(to: font, document: document)
            }
        }
        for kind in ["XObject", "Pattern"] {
            let entries = resources[kind]
            guard entries.isDictionary else { continue }
            for key in entries.keys {
                let item = entries[key]
                guard visited.insert(item.syntax).inserted else { continue }
                let nested = item.isStream ? item.streamDictionary["Resources"] : item["Resources"]
                try addCharacterSets(resources: nested, document: document, visited: &visited)
            }
        }
    }

    static func addCharacterSet(to font: QPDFObject, document: QPDFDocument) throws {
        guard font["Subtype"].name == "Type1" else { return }
        let descriptor = font["FontDescriptor"]
        let program = descriptor["FontFile3"]
        guard descriptor.isDictionary, descriptor["CharSet"].isNull, program.isStream,
              program.streamDictionary["Subtype"].name == "Type1C",
              let names = CFFGlyphNames.names(in: try program.streamData()) else { return }
        let charSet = names.filter { $0 != ".notdef" }.map { "/" + $0 }.joined()
        descriptor.set("CharSet", document.bytes(charSet))
    }

    /// The Figure structure elements, in document order.
    static func figureElements(_ document: QPDFDocument) -> [QPDFObject] {
        var result: [QPDFObject] = []
        var visited = Set<String>()
        func walk(_ element: QPDFObject) {
            if element.isArray {
                element.items.forEach(walk)
                return
            }
            guard element.isDictionary else { return }
            if element.isIndirect, !visited.insert(element.syntax).inserted { return }
            if element["S"].name == "Figure" { result.append(element) }
            walk(element["K"])
        }
        walk(document.root["StructTreeRoot"]["K"])
        return result
    }

    /// Embeds the files (name tree `/EmbeddedFiles`) and associates them with the document
    /// and, for a chart's numbers, with its Figure element.
    static func attach(_ attachments: [PDFAttachment], figures: [QPDFObject], document: QPDFDocument) {
        guard !attachments.isEmpty else { return }
        let names = document.array()
        let documentFiles = document.array()
        var figureFiles: [Int: QPDFObject] = [:]
        for attachment in attachments.sorted(by: { $0.name < $1.name }) {
            let subtype = attachment.mimeType.replacingOccurrences(of: "/", with: "#2F")
            let file = document.stream(attachment.data, dictionary: "<< /Type /EmbeddedFile /Subtype /\(subtype) >>")
            file.streamDictionary.set("Params", document.parse("<< /Size \(attachment.data.count) >>"))
            let specification = document.makeIndirect(document.parse("<< /Type /Filespec /AFRelationship /Data >>"))
            specification.set("F", document.text(attachment.name))
            specification.set("UF", document.text(attachment.name))
            specification.set("Desc", document.text(attachment.description))
            let embedded = document.parse("<< >>")
            embedded.set("F", file)
            embedded.set("UF", file)
            specification.set("EF", embedded)
            names.append(document.text(attachment.name))
            names.append(specification)
            documentFiles.append(specification)
            if let index = attachment.figure, index < figures.count {
                if figureFiles[index] == nil { figureFiles[index] = document.array() }
                figureFiles[index]?.append(specification)
            }
        }
        let tree = document.parse("<< >>")
        tree.set("Names", names)
        let nameDictionary = document.root["Names"].isDictionary ? document.root["Names"] : document.parse("<< >>")
        nameDictionary.set("EmbeddedFiles", tree)
        document.root.set("Names", nameDictionary)
        document.root.set("AF", documentFiles)
        for (index, files) in figureFiles { figures[index].set("AF", files) }
    }
}
