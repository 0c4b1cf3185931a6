import type { ComponentRow, PreviewUiState } from '../../../src/protocol/previewProtocol';
import { h, replaceChildren } from '../dom';
import { countOf, humanBytes } from '../format';
import { choiceGroup } from '../toolkit';
import { code, pill, sectionHeading } from './badges';

type ComponentFilter = PreviewUiState['componentFilter'];

const CATEGORIES: ReadonlyArray<{ id: ComponentRow['category']; label: string }> = [
  { id: 'shell', label: 'Shells' },
  { id: 'package-manager', label: 'Package managers' },
  { id: 'network-tool', label: 'Network tools' },
  { id: 'debug-tool', label: 'Debug tools' },
  { id: 'interpreter', label: 'Interpreters' },
];

/** Programs an attacker would like to find in the container, and whether the app needs them. */
export class ComponentsSection {
  readonly element: HTMLElement;
  private components: readonly ComponentRow[] = [];
  private readonly summary = h('p', { class: 'section-summary' });
  private readonly groups = h('div', { class: 'component-groups' });

  constructor(
    private readonly ui: () => PreviewUiState,
    private readonly updateUi: (change: Partial<PreviewUiState>) => void,
  ) {
    const filter = choiceGroup<ComponentFilter>(
      'Show components',
      [
        { value: 'all', label: 'All' },
        { value: 'executed', label: 'Executed' },
        { value: 'never-executed', label: 'Never executed' },
      ],
      ui().componentFilter,
      (componentFilter) => {
        this.updateUi({ componentFilter });
        this.renderGroups();
      },
    );
    filter.setAttribute('data-filter', 'components');
    this.element = h(
      'section',
      { class: 'section components-section', 'data-section': 'components', 'aria-label': 'Removable components' },
      h('div', { class: 'toolbar' }, sectionHeading('Removable components'), h('div', { class: 'toolbar-end' }, filter)),
      this.summary,
      this.groups,
    );
  }

  update(components: readonly ComponentRow[]): void {
    this.components = components;
    const unused = components.filter((component) => !component.executed);
    const unusedBytes = unused.reduce((sum, component) => sum + component.sizeBytes, 0);
    replaceChildren(
      this.summary,
      components.length === 0
        ? 'No shells, package managers, network or debug tools, or interpreters were found in the image.'
        : `${countOf(unused.length, 'component')} never executed during the profile (${humanBytes(unusedBytes)}): candidates to remove from the image. ${countOf(components.length - unused.length, 'component')} the app used.`,
    );
    this.renderGroups();
  }

  private renderGroups(): void {
    const filter = this.ui().componentFilter;
    const shown = this.components.filter((component) => filter === 'all' || component.executed === (filter === 'executed'));
    const groups = CATEGORIES.map((category) => ({ category, rows: shown.filter((component) => component.category === category.id) })).filter((group) => group.rows.length > 0);
    replaceChildren(
      this.groups,
      ...groups.map(({ category, rows }) =>
        h('div', { class: 'component-group', role: 'table', 'aria-label': category.label },
          h('h3', { class: 'group-heading' }, category.label, h('span', { class: 'muted' }, ` ${rows.length}`)),
          ...rows.map(componentRow),
        ),
      ),
      groups.length === 0 ? h('p', { class: 'muted empty' }, 'No components match.') : null,
    );
  }
}

function componentRow(component: ComponentRow): HTMLElement {
  return h(
    'div',
    { class: 'component-row', role: 'row', 'data-component': component.name, 'data-executed': String(component.executed) },
    h('div', { class: 'component-name', role: 'cell' }, h('strong', {}, component.name), code(component.path, 'muted')),
    h('div', { role: 'cell' }, component.executed ? pill('executed', 'warn', 'The app ran it: removing it would break the app') : pill('never executed', 'good', 'Not run during the profile: a candidate for removal')),
    h('div', { class: 'component-evidence muted', role: 'cell' }, component.evidence),
    h('div', { class: 'numeric muted', role: 'cell' }, humanBytes(component.sizeBytes)),
  );
}
