/* Placeholder: a tab of the panel page (PanelPage), filled in with the panels feature. */
import type { PanelView } from "../../../../src/cpms/panels/contract.ts";

export function DiscussionTab(_props: { panel: PanelView }) {
  return null;
}
