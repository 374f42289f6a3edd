import { onBeforeUnmount, onMounted, ref } from 'vue';

/** A wide screen with a precise pointer: where a reader would scan a QR code with their phone. */
const DESKTOP_QUERY = '(min-width: 900px) and (hover: hover) and (pointer: fine)';

export function useDesktop() {
  const isDesktop = ref(false);
  let query: MediaQueryList | null = null;
  const update = () => {
    isDesktop.value = query?.matches ?? false;
  };

  onMounted(() => {
    if (typeof window.matchMedia !== 'function') return;
    query = window.matchMedia(DESKTOP_QUERY);
    update();
    query.addEventListener('change', update);
  });
  onBeforeUnmount(() => query?.removeEventListener('change', update));

  return isDesktop;
}
