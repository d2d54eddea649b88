import Foundation

/// What went wrong while finishing a PDF.
enum PDFFinishingError: Error, CustomStringConvertible, Equatable {
    /// The document is not shaped as the finishing step expects (no catalog, no pages, a
    /// cross-reference stream…).
    case unexpectedStructure(String)

    var description: String {
        switch self {
        case .unexpectedStructure(let message): return "PDF finishing: unexpected document structure: \(message)"
        }
    }
}

/// A file embedded in the PDF and associated with it (PDF/A-3 `/AF`, relationship `/Data`):
/// the numbers behind a chart, or the fiche's figures.
package struct PDFAttachment: Sendable, Equatable {
    /// File name, e.g. "graphique-3-activites.csv".
    var name: String
    /// MIME type, e.g. "text/csv".
    var mimeType: String
    /// What the file holds, in the document's language.
    var description: String
    var data: Data
    /// The 0-based index, among the document's Figure structure elements, of the chart the
    /// file belongs to; nil for a file about the whole document.
    var figure: Int?

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
    var language: String
    /// The ICC profile of the output intent (sRGB: the fiche is drawn in RGB).
    var iccProfile: Data
    /// The alternative text of each Figure structure element, in document order.
    var figureAlternatives: [String]
    /// Files to embed.
    var attachments: [PDFAttachment]
    /// What made the document, named before cairo in `/Producer` (e.g. "fiche 0.4.0").
    var producer: String?
    /// The licence of the document, as `dc:rights`.
    var rights: String?
    /// Each link's purpose by its address, for its `/Contents` (else the address is said).
    var linkDescriptions: [String: String]

    package init(language: String = "fr-FR", iccProfile: Data, figureAlternatives: [String] = [],
                attachments: [PDFAttachment] = [], producer: String? = nil, rights: String? = nil,
                linkDescriptions: [String: String] = [:]) {
        self.language = language
        self.iccProfile = iccProfile
        self.figureAlternatives = figureAlternatives
        self.attachments = attachments
        self.producer = producer
        self.rights = rights
        self.linkDescriptions = linkDescriptions
    }
}

/// Turns the PDF cairo writes into a PDF/UA-1 and PDF/A-3b document, after the fact:
/// language, viewer preferences, XMP metadata, output intent, deterministic `/ID`, page
/// labels, artifacts around untagged drawing, link descriptions and print flags, tab order,
/// Type 1 character sets, figure alternative texts and attached data files.
/// It adds objects and marked-content operators, and changes no drawing.
///
/// The objects it does not change are copied byte for byte (`PDFRewriter`), except the
/// streams cairo was asked to leave uncompressed (see `PDFDocument`), which are compressed
/// here with libdeflate: finishing a fiche costs what it changes — mostly the page contents,
/// marked then compressed.
package enum PDFFinisher {
    /// The finished document.
    package static func finish(_ pdf: [UInt8], options: PDFFinishingOptions) throws -> Data {
        try DeflateCoder.borrowing { try finish(pdf, options: options, coder: $0) }
    }

    static func finish(_ pdf: [UInt8], options: PDFFinishingOptions, coder: DeflateCoder) throws -> Data {
        let file = try PDFRewriter(pdf)
        let rootReference = file.trailer["Root"]
        guard let rootNumber = rootReference.reference, var root = try file.dictionary(rootReference) else {
            throw PDFFinishingError.unexpectedStructure("no document catalog")
        }
        let info = try fixInfoDates(file, producer: options.producer)
        try fixOutlineCount(file, root["Outlines"])
        root["Lang"] = .text(options.language)
        var preferences = try file.dictionary(root["ViewerPreferences"]) ?? PDFDictionary()
        preferences["DisplayDocTitle"] = .bool(true)
        root["ViewerPreferences"] = .dictionary(preferences)
        root["MarkInfo"] = .dictionary(PDFDictionary([("Marked", .bool(true))]))
        root["PageLabels"] = .dictionary(PDFDictionary([("Nums", .array([.integer(0), .dictionary(PDFDictionary([("S", .name("D"))]))]))]))
        root["Metadata"] = metadataStream(file, info: info.values, language: options.language, rights: options.rights)
        root["OutputIntents"] = .array([outputIntent(file, profile: options.iccProfile, coder: coder)])
        var visited = Set<Int>()
        let pages = try pageNumbers(file, root["Pages"])
        var fontMerge = try FontSubsetMerge.merge(in: file, pages: pages, coder: coder)
        for page in pages {
            try finishPage(page, in: file, coder: coder, visitedResources: &visited, linkPurposes: options.linkDescriptions,
                           fontMerge: &fontMerge)
        }
        let figures = try figureElements(file, root["StructTreeRoot"])
        var figureDictionaries = try figures.map { number in
            guard let dictionary = try file.object(number).dictionary else {
                throw PDFFinishingError.unexpectedStructure("structure element \(number) is not a dictionary")
            }
            return dictionary
        }
        for (index, text) in zip(figureDictionaries.indices, options.figureAlternatives) {
            figureDictionaries[index]["Alt"] = .text(text)
        }
        try attach(options.attachments, figures: &figureDictionaries, root: &root, file: file, coder: coder)
        for (number, dictionary) in zip(figures, figureDictionaries) { file.replace(number, with: .dictionary(dictionary)) }
        file.replace(rootNumber, with: .dictionary(root))
        try file.compressPlainStreams(coder: coder)
        return try file.writeCompact(root: rootReference, info: info.reference, coder: coder)
    }

    /// `pdf` with every stream cairo left uncompressed compressed, and nothing else changed
    /// (for the PDFs that are not fiches, such as the chart sheet; see `PDFDocument`).
    package static func compressStreams(_ pdf: [UInt8]) throws -> Data {
        let file = try PDFRewriter(pdf)
        try DeflateCoder.borrowing { try file.compressPlainStreams(coder: $0) }
        return try file.write(root: file.trailer["Root"], info: file.trailer["Info"])
    }

    /// cairo writes the outline dictionary's `/Count` negative, as for a closed item; ISO
    /// 32000-1 (12.3.3) wants there the number of visible items, which is never negative.
    static func fixOutlineCount(_ file: PDFRewriter, _ outlines: PDFObject) throws {
        guard let number = outlines.reference, var dictionary = try file.dictionary(outlines),
              let count = dictionary["Count"].integer, count < 0 else { return }
        dictionary["Count"] = .integer(-count)
        file.replace(number, with: .dictionary(dictionary))
    }

    /// The Info dictionary's entries, with its dates given the `D:` prefix cairo 1.16 omits, and
    /// `producer` named before cairo in `/Producer` (with the finishing step it did).
    static func fixInfoDates(_ file: PDFRewriter, producer: String? = nil) throws -> (reference: PDFObject, values: [String: String]) {
        let reference = file.trailer["Info"]
        guard var info = try file.dictionary(reference) else { return (reference, [:]) }
        var values: [String: String] = [:]
        if let producer {
            let drawnBy = info["Producer"].text.map { ", \($0)" } ?? ""
            info["Producer"] = .text(producer + " (finition PDF/UA-1 et PDF/A-3b)" + drawnBy)
        }
        for key in info.keys {
            guard let text = info[key].text else { continue }
            if key == "CreationDate" || key == "ModDate", !text.hasPrefix("D:") {
                info[key] = .string(Array(("D:" + text).utf8))
                values[key] = "D:" + text
            } else {
                values[key] = text
            }
        }
        if let number = reference.reference { file.replace(number, with: .dictionary(info)) }
        return (reference, values)
    }

    static func metadataStream(_ file: PDFRewriter, info: [String: String], language: String, rights: String? = nil) -> PDFObject {
        var packet = XMPPacket(
            title: info["Title"] ?? "", author: info["Author"], subject: info["Subject"], keywords: info["Keywords"],
            creatorTool: info["Creator"], producer: info["Producer"],
            createDate: info["CreationDate"].flatMap(XMPPacket.isoDate(fromPDF:)),
            modifyDate: info["ModDate"].flatMap(XMPPacket.isoDate(fromPDF:)), language: language)
        packet.rights = rights
        // Uncompressed: PDF/A recommends metadata readable by tools that do not decompress.
        return file.addStream(dictionary: PDFDictionary([("Type", .name("Metadata")), ("Subtype", .name("XML"))]),
                              data: Array(packet.xml.utf8))
    }

    static func outputIntent(_ file: PDFRewriter, profile: Data, coder: DeflateCoder) -> PDFObject {
        let icc = file.addStream(dictionary: PDFDictionary([("N", .integer(3)), ("Filter", .name("FlateDecode"))]),
                                 data: coder.compress(profile))
        return .dictionary(PDFDictionary([
            ("Type", .name("OutputIntent")), ("S", .name("GTS_PDFA1")),
            ("OutputConditionIdentifier", .text("sRGB IEC61966-2.1")), ("Info", .text("sRGB IEC61966-2.1")),
            ("RegistryName", .text("http://www.color.org")), ("DestOutputProfile", icc),
        ]))
    }

    /// The page objects' numbers, in order, from the page tree.
    static func pageNumbers(_ file: PDFRewriter, _ node: PDFObject) throws -> [Int] {
        var result: [Int] = []
        var visited = Set<Int>()
        func walk(_ node: PDFObject) throws {
            guard let number = node.reference, visited.insert(number).inserted,
                  let dictionary = try file.object(number).dictionary else { return }
            if dictionary["Type"].name == "Page" {
                result.append(number)
            } else {
                for kid in try file.resolve(dictionary["Kids"]).array ?? [] { try walk(kid) }
            }
        }
        try walk(node)
        guard !result.isEmpty else { throw PDFFinishingError.unexpectedStructure("no pages") }
        return result
    }

    /// Artifacts in the page content, link descriptions and print flags, tab order, and the
    /// character sets of the fonts the page uses.
    static func finishPage(_ number: Int, in file: PDFRewriter, coder: DeflateCoder, visitedResources: inout Set<Int>,
                           linkPurposes: [String: String] = [:], fontMerge: inout FontSubsetMerge) throws {
        guard var page = try file.object(number).dictionary else { return }
        var pageChanged = false
        let mergedFonts = try fontMerge.redirectFonts(of: &page, in: file, changed: &pageChanged)
        if try markArtifacts(on: &page, in: file, coder: coder, mergedFonts: mergedFonts) { pageChanged = true }
        if try describeAnnotations(on: &page, in: file, purposes: linkPurposes) { pageChanged = true }
        if pageChanged { file.replace(number, with: .dictionary(page)) }
        try addCharacterSets(resources: page["Resources"], file: file, coder: coder, visited: &visitedResources)
    }

    /// Wraps the page's untagged drawing in `/Artifact` marked content, and re-encodes the
    /// strings shown in `mergedFonts` (see `FontSubsetMerge`); true when the page dictionary
    /// itself changed (several content streams joined into one).
    static func markArtifacts(on page: inout PDFDictionary, in file: PDFRewriter, coder: DeflateCoder,
                              mergedFonts: FontSubsetMerge.PageFonts = .init()) throws -> Bool {
        let contents = try file.resolve(page["Contents"])
        let streams = contents.array?.compactMap(\.reference) ?? page["Contents"].reference.map { [$0] } ?? []
        guard let first = streams.first else { return false }
        var content: [UInt8] = []
        for (index, stream) in streams.enumerated() {
            if index > 0 { content.append(0x0A) }
            content += try file.decodedStream(stream, coder: coder)
        }
        // One split into operations for both passes: the strings re-encoded, the artifacts marked.
        let marked = try content.withUnsafeBufferPointer { buffer in
            let operations = ContentTokenizer.operations(in: buffer)
            let edits = try FontSubsetMerge.reencodingEdits(buffer, operations: operations, fonts: mergedFonts.codes,
                                                            objects: mergedFonts.objects)
            return ContentEdit.apply(edits + ContentArtifacts.insertions(for: operations, length: content.count), to: content)
        }
        guard marked != content else { return false }
        file.replaceStream(first, dictionary: PDFDictionary([("Filter", .name("FlateDecode"))]), data: coder.compress(marked))
        guard streams.count > 1 else { return false }
        page["Contents"] = .reference(first, 0)
        return true
    }

    /// Links get a description and every annotation the print flag; a page with annotations
    /// gets the structure tab order. True when the page dictionary changed.
    static func describeAnnotations(on page: inout PDFDictionary, in file: PDFRewriter, purposes: [String: String] = [:]) throws -> Bool {
        guard var annotations = try file.resolve(page["Annots"]).array, !annotations.isEmpty else { return false }
        page["Tabs"] = .name("S")
        for (index, item) in annotations.enumerated() {
            guard var annotation = try file.dictionary(item) else { continue }
            annotation["F"] = .integer(4)
            if annotation["Subtype"].name == "Link", file.isEmptyText(annotation["Contents"]) {
                annotation["Contents"] = .text(try linkDescription(annotation, file: file, purposes: purposes))
            }
            if let number = item.reference { file.replace(number, with: .dictionary(annotation)) } else { annotations[index] = .dictionary(annotation) }
        }
        if page["Annots"].reference == nil { page["Annots"] = .array(annotations) } else if let number = page["Annots"].reference {
            file.replace(number, with: .array(annotations))
        }
        return true
    }

    /// "Écrire à adresse@…" for a mail link, "Lien vers https://…" for a web link, else
    /// "Lien interne".
    static func linkDescription(_ annotation: PDFDictionary, file: PDFRewriter, purposes: [String: String] = [:]) throws -> String {
        let action = try file.dictionary(annotation["A"])
        guard let uri = try action.flatMap({ try file.resolve($0["URI"]).text }), !uri.isEmpty else {
            return "Lien interne vers une autre page de la fiche"
        }
        if let purpose = purposes[uri] { return purpose }
        if uri.lowercased().hasPrefix("mailto:") { return "Écrire à " + uri.dropFirst(7) }
        return "Lien vers " + uri
    }

    /// Gives every Type 1 (CFF) font subset its `/CharSet`, read from the embedded font
    /// program, in the resources and in the forms and patterns they use.
    static func addCharacterSets(resources: PDFObject, file: PDFRewriter, coder: DeflateCoder, visited: inout Set<Int>) throws {
        if let number = resources.reference, !visited.insert(number).inserted { return }
        guard let dictionary = try file.dictionary(resources) else { return }
        for (_, font) in try file.dictionary(dictionary["Font"])?.entries ?? [] {
            guard let number = font.reference, visited.insert(number).inserted else { continue }
            try addCharacterSet(toFont: number, file: file, coder: coder)
        }
        for kind in ["XObject", "Pattern"] {
            for (_, item) in try file.dictionary(dictionary[kind])?.entries ?? [] {
                guard let number = item.reference, visited.insert(number).inserted,
                      let nested = try file.object(number).dictionary else { continue }
                try addCharacterSets(resources: nested["Resources"], file: file, coder: coder, visited: &visited)
            }
        }
    }

    static func addCharacterSet(toFont number: Int, file: PDFRewriter, coder: DeflateCoder) throws {
        guard let font = try file.object(number).dictionary, font["Subtype"].name == "Type1",
              let descriptorNumber = font["FontDescriptor"].reference,
              var descriptor = try file.object(descriptorNumber).dictionary, descriptor["CharSet"].isNull,
              let program = descriptor["FontFile3"].reference,
              try file.object(program).dictionary?["Subtype"].name == "Type1C",
              let names = CFFGlyphNames.names(in: Data(try file.decodedStream(program, coder: coder))) else { return }
        let charSet = names.filter { $0 != ".notdef" }.map { "/" + $0 }.joined()
        descriptor["CharSet"] = .string(Array(charSet.utf8))
        file.replace(descriptorNumber, with: .dictionary(descriptor))
    }

    /// The object numbers of the Figure structure elements, in document order.
    static func figureElements(_ file: PDFRewriter, _ treeRoot: PDFObject) throws -> [Int] {
        var result: [Int] = []
        var visited = Set<Int>()
        func walk(_ item: PDFObject) throws {
            switch item {
            case .array(let items):
                try items.forEach(walk)
            case .reference(let number, _):
                guard visited.insert(number).inserted else { return }
                let object = try file.object(number)
                if case .array = object { try walk(object); return }
                guard let element = object.dictionary else { return }
                if element["S"].name == "Figure" { result.append(number) }
                // Marked-content and object references end the walk: only elements have kids.
                if element["Type"].name == "MCR" || element["Type"].name == "OBJR" { return }
                try walk(element["K"])
            case .dictionary(let element):
                if element["Type"].name == "MCR" || element["Type"].name == "OBJR" { return }
                try walk(element["K"])
            default:
                return
            }
        }
        guard let tree = try file.dictionary(treeRoot) else { return [] }
        try walk(tree["K"])
        return result
    }

    /// Embeds the files (name tree `/EmbeddedFiles`) and associates them with the document
    /// and, for a chart's numbers, with its Figure element.
    static func attach(_ attachments: [PDFAttachment], figures: inout [PDFDictionary], root: inout PDFDictionary,
                       file: PDFRewriter, coder: DeflateCoder) throws {
        guard !attachments.isEmpty else { return }
        var names: [PDFObject] = []
        var documentFiles: [PDFObject] = []
        var figureFiles: [Int: [PDFObject]] = [:]
        for attachment in attachments.sorted(by: { $0.name < $1.name }) {
            let stream = file.addStream(dictionary: PDFDictionary([
                ("Type", .name("EmbeddedFile")), ("Subtype", .name(attachment.mimeType)),
                ("Params", .dictionary(PDFDictionary([("Size", .integer(attachment.data.count))]))),
                ("Filter", .name("FlateDecode")),
            ]), data: coder.compress(attachment.data))
            let specification = file.add(.dictionary(PDFDictionary([
                ("Type", .name("Filespec")), ("AFRelationship", .name("Data")),
                ("F", .text(attachment.name)), ("UF", .text(attachment.name)), ("Desc", .text(attachment.description)),
                ("EF", .dictionary(PDFDictionary([("F", stream), ("UF", stream)]))),
            ])))
            names += [.text(attachment.name), specification]
            documentFiles.append(specification)
            if let index = attachment.figure, index < figures.count { figureFiles[index, default: []].append(specification) }
        }
        let tree = PDFObject.dictionary(PDFDictionary([("Names", .array(names))]))
        if let number = root["Names"].reference, var existing = try file.object(number).dictionary {
            existing["EmbeddedFiles"] = tree
            file.replace(number, with: .dictionary(existing))
        } else {
            var existing = root["Names"].dictionary ?? PDFDictionary()
            existing["EmbeddedFiles"] = tree
            root["Names"] = .dictionary(existing)
        }
        root["AF"] = .array(documentFiles)
        for (index, files) in figureFiles { figures[index]["AF"] = .array(files) }
    }
}

extension PDFRewriter {
    /// True for a missing value or an empty string.
    func isEmptyText(_ object: PDFObject) -> Bool {
        guard let text = (try? resolve(object))?.text else { return true }
        return text.isEmpty
    }
}
