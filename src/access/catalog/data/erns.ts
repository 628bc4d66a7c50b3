/* The 24 European Reference Networks: code, full name and website, as the seeds list them. */
export type ErnData = { code: string; name: string; website: string };

export const ERNS: ErnData[] = [
  { code: "BOND", name: "Bone Disorders", website: "https://ernbond.eu" },
  { code: "CRANIO", name: "Craniofacial anomalies and ear, nose and throat disorders", website: "https://www.ern-cranio.eu" },
  { code: "ERKNet", name: "Kidney Diseases", website: "https://www.erknet.org" },
  { code: "ERN-EYE", name: "Eye Diseases", website: "https://www.ern-eye.eu" },
  { code: "ERN-LUNG", name: "Respiratory Diseases", website: "https://ern-lung.eu" },
  { code: "ERN-RND", name: "Neurological Diseases", website: "https://www.ern-rnd.eu" },
  { code: "ERN-SKIN", name: "Skin Disorders", website: "https://ern-skin.eu" },
  { code: "ERNICA", name: "Inherited and Congenital Anomalies", website: "https://www.ern-ernica.eu" },
  { code: "EURACAN", name: "Adult Cancers", website: "https://euracan.eu" },
  { code: "EURO-NMD", name: "Neuromuscular Diseases", website: "https://ern-euro-nmd.eu" },
  { code: "Endo-ERN", name: "Endocrine Conditions", website: "https://endo-ern.eu" },
  { code: "EpiCARE", name: "Epilepsies", website: "https://epi-care.eu" },
  { code: "EuroBloodNet", name: "Hematological Diseases", website: "https://eurobloodnet.eu" },
  { code: "GENTURIS", name: "Genetic Tumour Risk Syndromes", website: "https://www.genturis.eu" },
  { code: "GUARD-HEART", name: "Heart Diseases", website: "https://guardheart.ern-net.eu" },
  { code: "ITHACA", name: "Intellectual Disability and Congenital Malformations", website: "https://ern-ithaca.eu" },
  { code: "MetabERN", name: "Hereditary Metabolic Disorders", website: "https://metab.ern-net.eu" },
  { code: "ReCONNET", name: "Connective Tissue and Musculoskeletal Diseases", website: "https://reconnet.ern-net.eu" },
  { code: "eUROGEN", name: "Urogenital Diseases", website: "https://eurogen-ern.eu" },
  { code: "PaedCan", name: "Paediatric Cancer", website: "https://paedcan.ern-net.eu" },
  { code: "RARE-LIVER", name: "Hepatological Diseases", website: "https://rare-liver.eu" },
  { code: "RITA", name: "Immunodeficiency, autoinflammatory and autoimmune diseases", website: "https://rita.ern-net.eu" },
  { code: "TRANSPLANT-CHILD", name: "Transplantation in children", website: "https://www.transplantchild.eu" },
  { code: "VASCERN", name: "Multisystemic Vascular Diseases", website: "https://vascern.eu" },
];
