/**
 * Every use of @vscode/webview-ui-toolkit lives in this module. The toolkit is archived upstream;
 * swapping it (e.g. for @vscode-elements/elements) should mean rewriting this file only, so the rest
 * of the webview sees plain HTMLElements with the few properties declared below, never toolkit types.
 */
import {
  provideVSCodeDesignSystem,
  vsCodeButton,
  vsCodeDivider,
  vsCodePanels,
  vsCodePanelTab,
  vsCodePanelView,
  vsCodeProgressRing,
  vsCodeRadio,
  vsCodeRadioGroup,
  vsCodeTextField,
} from '@vscode/webview-ui-toolkit';
import { h, type Child } from './dom';

export function registerToolkit(): void {
  provideVSCodeDesignSystem().register(
    vsCodeButton(),
    vsCodeDivider(),
    vsCodePanels(),
    vsCodePanelTab(),
    vsCodePanelView(),
    vsCodeProgressRing(),
    vsCodeRadio(),
    vsCodeRadioGroup(),
    vsCodeTextField(),
  );
}

export interface ButtonElement extends HTMLElement {
  disabled: boolean;
}

export function button(label: Child, appearance: 'primary' | 'secondary', onClick: () => void): ButtonElement {
  const element = h('vscode-button', { appearance }, label) as ButtonElement;
  element.addEventListener('click', () => {
    if (!element.disabled) onClick();
  });
  return element;
}

export interface TextFieldElement extends HTMLElement {
  value: string;
}

/** A text field that calls `onInput` with its value on every keystroke. */
export function textField(options: { placeholder: string; label: string; value: string }, onInput: (value: string) => void): TextFieldElement {
  const element = h('vscode-text-field', { placeholder: options.placeholder, 'aria-label': options.label }) as TextFieldElement;
  element.value = options.value;
  element.addEventListener('input', () => onInput(element.value));
  return element;
}

export function progressRing(label: string): HTMLElement {
  return h('vscode-progress-ring', { 'aria-label': label });
}

export function divider(): HTMLElement {
  return h('vscode-divider', { role: 'presentation' });
}

export interface ChoiceGroupElement extends HTMLElement {
  value: string;
}

/** Mutually exclusive choices in a row (radio buttons), e.g. all / executed / never executed. */
export function choiceGroup<T extends string>(
  label: string,
  choices: ReadonlyArray<{ value: T; label: string }>,
  value: T,
  onChange: (value: T) => void,
): ChoiceGroupElement {
  const group = h(
    'vscode-radio-group',
    { orientation: 'horizontal', 'aria-label': label },
    ...choices.map((choice) => h('vscode-radio', { value: choice.value, checked: choice.value === value }, choice.label)),
  ) as ChoiceGroupElement;
  group.addEventListener('change', (event) => {
    // Radios emit their own change events too; only the group's carries the settled value.
    if (event.target === group) onChange(group.value as T);
  });
  return group;
}

export interface TabbedPanelsElement extends HTMLElement {
  activeid: string;
}

export interface TabSpec {
  id: string;
  /** Text and an optional count badge, as direct children so the tab spaces them. */
  label: Child[];
  /** Extra attributes of the tab (test hooks). */
  attributes?: Record<string, string>;
}

/** Tabs over views; `onChange` gets the id of the tab the user picked (not programmatic changes). */
export function tabbedPanels(
  tabs: ReadonlyArray<TabSpec & { view: HTMLElement }>,
  activeId: string,
  onChange: (tabId: string) => void,
): TabbedPanelsElement {
  const panels = h(
    'vscode-panels',
    { activeid: activeId, 'aria-label': 'Preview sections' },
    ...tabs.map((tab) => h('vscode-panel-tab', { id: tab.id, ...tab.attributes }, ...tab.label)),
    ...tabs.map((tab) => h('vscode-panel-view', { id: `${tab.id}-view` }, tab.view)),
  ) as TabbedPanelsElement;
  panels.addEventListener('change', (event) => {
    // Change events of fields inside the views bubble up here too.
    if (event.target === panels) onChange(panels.activeid);
  });
  return panels;
}
