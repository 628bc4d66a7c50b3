/*
 * The applications the wizard offers (step 1, in the seeds' order) and their
 * access profiles (step 3). CPMS's profiles are exactly the seeds'. A profile
 * that `approves` makes its holders approvers of their ERN's requests.
 * The ids are stable: other services ask for "CPMS" by id.
 */
export type ProfileData = { name: string; description: string; approves?: boolean };
export type ApplicationData = { id: string; name: string; description: string; profiles: ProfileData[] };

export const APPLICATIONS: ApplicationData[] = [
  {
    id: "AAC",
    name: "AAC",
    description: "Administrative Assistance and Cooperation system (agri-food chain)",
    profiles: [
      { name: "Liaison Body", description: "sends and answers requests for administrative assistance on behalf of a Member State" },
      { name: "Contact Point", description: "follows the cases of a competent authority" },
      { name: "Read Only", description: "consults the cases of their authority" },
    ],
  },
  {
    id: "AAC-FF",
    name: "AAC - Food Fraud",
    description: "Administrative Assistance and Cooperation system, Food Fraud Network",
    profiles: [
      { name: "Food Fraud Contact Point", description: "exchanges information on suspected food fraud with other Member States" },
      { name: "Read Only", description: "consults the food fraud cases of their Member State" },
    ],
  },
  {
    id: "CPNP",
    name: "Cosmetic Products Notification Portal",
    description: "Notification of cosmetic products placed on the EU market",
    profiles: [
      { name: "Responsible Person", description: "notifies cosmetic products and keeps their notifications up to date" },
      { name: "Distributor", description: "notifies cosmetic products made available in another Member State" },
      { name: "Competent Authority", description: "consults the notifications for market surveillance" },
    ],
  },
  {
    id: "CPNP-RO",
    name: "Cosmetic Products Notification Portal (readonly)",
    description: "Read-only access to the cosmetic product notifications",
    profiles: [
      { name: "Poison Centre", description: "consults product frame formulations for medical treatment" },
      { name: "Competent Authority (read only)", description: "consults the notifications without changing them" },
    ],
  },
  {
    id: "CPMS",
    name: "CPMS",
    description: "Clinical Patient Management System",
    profiles: [
      { name: "Coordinator", description: "handles requests for assistance from ERN and has access to KPIs", approves: true },
      { name: "Dispatcher", description: "handles requests for assistance on behalf of Coordinator" },
      { name: "HP", description: "healthcare professional available to participate in or lead panels" },
      { name: "Panel Manager ERN", description: "Assists panel lead with managing panels at ERN level" },
      { name: "Panel Manager HCP", description: "Assists panel lead with managing panels at HCP level" },
      { name: "Researcher", description: "can create or consult queries or reports on the anonymised data from the ERN" },
    ],
  },
  {
    id: "EIPAAH",
    name: "EIPAAH",
    description: "European Innovation Partnership on Active and Healthy Ageing",
    profiles: [
      { name: "Commitment Holder", description: "manages the commitments of their organisation" },
      { name: "Reference Site Coordinator", description: "manages the profile of a reference site" },
    ],
  },
  {
    id: "EUCEG",
    name: "Euceg reporting",
    description: "EU Common Entry Gate: reporting on tobacco and related products",
    profiles: [
      { name: "Member State Reporter", description: "consults and exports the submissions for their Member State" },
      { name: "Commission Analyst", description: "consults the submissions of all Member States" },
    ],
  },
  {
    id: "EUCODING",
    name: "EUCoding",
    description: "Coding of medical terminologies",
    profiles: [
      { name: "Coder", description: "codes terms against the reference terminologies" },
      { name: "Reviewer", description: "reviews and validates coded terms" },
    ],
  },
  {
    id: "ECP",
    name: "European Reference Networks",
    description: "ERN Collaborative Platform (ECP)",
    profiles: [
      { name: "Member", description: "exchanges non-clinical information with the other members of the ERN" },
      { name: "Coordinator", description: "coordinates the ERN and validates its members' requests", approves: true },
      { name: "Network Manager", description: "manages the ERN's documents, events and working groups" },
    ],
  },
];
