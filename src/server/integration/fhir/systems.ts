// Code systems and identifier conventions ScanCard reads and writes (all published by HL7 or DICOM).
export const V2_0203 = 'http://terminology.hl7.org/CodeSystem/v2-0203'; // identifier types
export const ACCESSION_TYPE = 'ACSN'; // v2-0203: accession id
export const DICOM_UID_SYSTEM = 'urn:dicom:uid'; // Study Instance UID as an identifier ("urn:oid:1.2…")
export const DCM_SYSTEM = 'http://dicom.nema.org/resources/ontology/DCM'; // modality codes (CID 29)
export const URI_SYSTEM = 'urn:ietf:rfc:3986'; // identifier whose value is itself a URI (urn:uuid:…)
export const UCUM = 'http://unitsofmeasure.org';
export const SNOMED = 'http://snomed.info/sct';
export const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
export const INTERPRETATION = 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation';
export const ADVERSE_EVENT_SEVERITY = 'http://terminology.hl7.org/CodeSystem/adverse-event-severity';
